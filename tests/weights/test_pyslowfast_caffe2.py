"""PySlowFast's model-zoo Caffe2 ``.pkl`` files through the
``pyslowfast`` source: equivalence with the release loading the same
blobs (reference outputs of tools/make_reference_outputs.py
pyslowfast-caffe2), the numpy-only unpickler, and the tool on a file."""
import os
import pickle

import pytest
import torch

from mmvid_plugin.weights import (UnknownCheckpointError, build_model,
                                  get_source)
from mmvid_plugin.weights.caffe2_blobs import (load_caffe2_pickle,
                                               pyslowfast_name,
                                               pyslowfast_state)
from mmvid_plugin.weights.converting import convert_file
from tests.helpers.runs import REPO, run_python
from tests.weights import reference_check
from tests.weights.reference_check import (check_reference, reference_files,
                                           reference_ids)

FOLDER = 'pyslowfast-caffe2'
ZOO = ['c2d_nopool_r50_8x8', 'i3d_r50_8x8', 'i3d_nln_r50_8x8',
       'slow_r50_4x16', 'slow_r50_8x8', 'slowfast_r50_4x16',
       'slowfast_r50_8x8']


def blobs_of(model):
    """The record's seeded blobs as numpy arrays, as a .pkl holds them."""
    state = reference_check.manifest_state(FOLDER, model)
    return {k: v.numpy() for k, v in state.items()}


def write_pkl(path, model, **extra):
    with open(path, 'wb') as f:
        pickle.dump(dict(blobs=blobs_of(model), **extra), f)
    return str(path)


def test_every_zoo_file_has_a_reference():
    """The Kinetics-400 R50 rows of PySlowFast's MODEL_ZOO."""
    assert sorted(reference_ids(FOLDER)) == sorted(ZOO)


@pytest.mark.parametrize('path', reference_files(FOLDER),
                         ids=reference_ids(FOLDER))
def test_logits_equal_pyslowfast_loading_the_blobs(path):
    check_reference(path)


def test_blob_names():
    assert pyslowfast_name('t_res3_3_branch2c_bn_subsample_bn_riv') == \
        's3_fuse.bn.running_var'
    assert pyslowfast_name('t_pool1_subsample_w') == 's1_fuse.conv_f2s.weight'
    assert pyslowfast_name('nonlocal_conv4_5_bn_s') == \
        's4.pathway0_nonlocal5.bn.weight'
    assert pyslowfast_name('nonlocal_conv4_5_theta_b') == \
        's4.pathway0_nonlocal5.conv_theta.bias'
    assert pyslowfast_name('res_conv1_bn_rm') == \
        's1.pathway0_stem.bn.running_mean'
    assert pyslowfast_name('t_res5_0_branch1_bn_b') == \
        's5.pathway1_res0.branch1_bn.bias'
    assert pyslowfast_name('res4_2_branch2b_w') == \
        's4.pathway0_res2.branch2.b.weight'
    assert pyslowfast_name('nonlocal_conv4_5_bn_w') is None


def test_tool_identifies_and_converts_a_zoo_file(tmp_path):
    source = write_pkl(tmp_path / 'I3D_8x8_R50.pkl', 'i3d_r50_8x8')
    target = tmp_path / 'ours.pth'
    result = run_python([f'{REPO}/tools/convert_checkpoint.py', '--from',
                         'pyslowfast', source, str(target)])
    assert 'i3d_r50_pyslowfast-converted' in result.stdout
    saved = torch.load(target, weights_only=True)
    assert saved['meta']['source_file'] == 'I3D_8x8_R50.pkl'
    model = build_model(saved['meta']['config'])
    model.load_state_dict(saved['state_dict'], strict=True)


def test_c2d_nopool_file_needs_its_config(tmp_path):
    source = write_pkl(tmp_path / 'C2D_NOPOOL_8x8_R50.pkl',
                       'c2d_nopool_r50_8x8')
    with pytest.raises(UnknownCheckpointError, match='--config'):
        convert_file(source, 'pyslowfast')
    converted = convert_file(source, 'pyslowfast', 'c2d_nopool_r50_8x8')
    assert 'c2d-nopool_r50' in converted.config


def test_training_state_is_dropped_and_unknown_blobs_listed():
    blobs = blobs_of('i3d_r50_8x8')
    assert {'lr', 'model_iter', 'conv1_w_momentum'} <= set(blobs)
    state = pyslowfast_state(blobs)
    weights = [k for k in state if not k.endswith('num_batches_tracked')]
    assert 'lr' not in state and len(weights) == len(blobs) - 3
    blobs['res6_0_branch2a_w'] = blobs['conv1_w']
    blobs['gpu_0/conv_5_w'] = blobs['conv1_w']
    with pytest.raises(UnknownCheckpointError,
                       match="res6_0_branch2a_w.*conv_5_w"):
        pyslowfast_state(blobs)


def test_test_time_pred_conv_is_flattened():
    blobs = blobs_of('i3d_r50_8x8')
    blobs['pred_w'] = blobs['pred_w'][:, :, None, None, None]
    state = pyslowfast_state(blobs)
    assert tuple(state['head.projection.weight'].shape) == (400, 2048)


class Payload:
    def __reduce__(self):
        return (os.getcwd, ())


def test_a_pickle_that_would_run_code_is_refused(tmp_path):
    path = tmp_path / 'evil.pkl'
    with open(path, 'wb') as f:
        pickle.dump({'blobs': {'conv1_w': Payload()}}, f)
    with pytest.raises(pickle.UnpicklingError,
                       match=r'evil\.pkl: refused to load posix\.getcwd'):
        load_caffe2_pickle(str(path))


def test_a_pickle_without_blobs_says_what_was_expected(tmp_path):
    path = tmp_path / 'other.pkl'
    with open(path, 'wb') as f:
        pickle.dump({'state': 1}, f)
    with pytest.raises(UnknownCheckpointError, match="'blobs'.*state"):
        get_source('pyslowfast').unwrap(load_caffe2_pickle(str(path)))
