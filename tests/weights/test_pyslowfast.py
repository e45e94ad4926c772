"""The ``pyslowfast`` source (PySlowFast ``.pyth`` checkpoints of its
Kinetics SlowFast / Slow / C2D / I3D[-NLN] R50): equivalence with the
release's own models (reference outputs of
tools/make_reference_outputs.py), identification, strict errors, and the
``slow_sampling`` option the SlowFast configs use."""
import pytest
import torch

from mmvid_plugin.utils import CheckpointMismatchError
from mmvid_plugin.weights import (UnknownCheckpointError, build_model,
                                  convert_state_dict, get_source)
from tests.helpers.runs import REPO, run_python
from tests.weights import reference_check
from tests.weights.reference_check import (check_reference, reference_files,
                                           reference_ids)

FILES = reference_files('pyslowfast')
SOURCE = get_source('pyslowfast')


def manifest_state(model):
    return reference_check.manifest_state('pyslowfast', model)


def test_every_model_has_a_reference():
    """Each model has a .pyth record, or (C2D without the temporal pool,
    which the release builds only from its zoo) a Caffe2 one."""
    ids = set(reference_ids('pyslowfast')) | set(
        reference_ids('pyslowfast-caffe2'))
    assert sorted(ids) == sorted(SOURCE.models)


@pytest.mark.parametrize('path', FILES, ids=reference_ids('pyslowfast'))
def test_logits_equal_pyslowfast(path):
    check_reference(path)


@pytest.mark.parametrize('model', [
    'slowfast_r50_4x16', 'slowfast_r50_8x8', 'i3d_r50_8x8',
    'c2d_nln_r50_8x8', 'i3d_nln_r50_8x8'])
def test_the_file_tells_its_config(model):
    """The layout alone picks the model, and the converted keys are
    exactly the config's model's (convert_state_dict checks strictly)."""
    converted = convert_state_dict(manifest_state(model), 'pyslowfast')
    assert converted.meta['source_model'] == model
    assert converted.config == SOURCE.models[model]


def test_slow_only_asks_for_its_config():
    """SLOW_4x16 and SLOW_8x8 have the same weights' layout."""
    state = manifest_state('slow_r50_8x8')
    with pytest.raises(UnknownCheckpointError,
                       match='slow_r50_4x16, slow_r50_8x8.*--config'):
        convert_state_dict(state, 'pyslowfast')
    converted = convert_state_dict(state, 'pyslowfast', 'slow_r50_4x16')
    assert '4x16x10' in converted.config


def test_c2d_asks_whether_it_pools_in_time():
    """C2D and the zoo's C2D_NOPOOL differ only in a parameter-free
    pool."""
    state = manifest_state('c2d_r50_8x8')
    with pytest.raises(UnknownCheckpointError,
                       match='c2d_r50_8x8, c2d_nopool_r50_8x8.*--config'):
        convert_state_dict(state, 'pyslowfast')
    pooled = build_model(SOURCE.models['c2d_r50_8x8'], device='meta')
    plain = build_model(SOURCE.models['c2d_nopool_r50_8x8'], device='meta')
    assert pooled.backbone.pool2 is not None and plain.backbone.pool2 is None
    assert pooled.state_dict().keys() == plain.state_dict().keys()
    assert sum(p.numel() for p in plain.parameters()) == 24_327_632  # §9
    plain = build_model(SOURCE.models['c2d_nopool_r50_8x8']).backbone
    with torch.no_grad():  # res5 keeps all 8 steps (the head's 8x7x7)
        assert plain(torch.zeros(1, 3, 8, 64, 64)).shape[2] == 8


def test_unknown_missing_and_misshaped_keys_are_listed():
    state = manifest_state('i3d_nln_r50_8x8')
    state['s6.pathway0_res0.branch2.a.weight'] = torch.zeros(1)
    state['s3.pathway0_res0.branch2.d.weight'] = torch.zeros(1)
    with pytest.raises(UnknownCheckpointError,
                       match='s6.pathway0_res0.*s3.pathway0_res0.branch2.d'):
        convert_state_dict(state, 'pyslowfast', 'i3d_nln_r50_8x8')
    state = manifest_state('i3d_nln_r50_8x8')
    del state['s3.pathway0_nonlocal3.conv_g.bias']
    state['head.projection.weight'] = torch.zeros(10, 2048)
    with pytest.raises(CheckpointMismatchError) as error:
        convert_state_dict(state, 'pyslowfast', 'i3d_nln_r50_8x8')
    message = str(error.value)
    # res3: block 3 follows two blocks and one non-local block
    assert 'backbone.stages.1.5.g.bias' in message
    assert ('cls_head.fc_cls.weight: (10, 2048) (expected (400, 2048))'
            in message)


def test_slowfast_head_columns_are_reordered():
    state = manifest_state('slowfast_r50_4x16')
    converted = convert_state_dict(state, 'pyslowfast').state_dict
    weight = state['head.projection.weight']
    torch.testing.assert_close(converted['cls_head.fc_cls.weight'][:, :256],
                               weight[:, 2048:])
    assert converted['backbone.laterals.3.conv.weight'].shape[2] == 5


def test_linspace_slow_frames_are_the_releases():
    config = SOURCE.models['slowfast_r50_4x16']
    backbone = build_model(config, device='meta').backbone
    assert backbone.slow_sampling == 'linspace'
    x = torch.arange(32.).view(1, 1, 32, 1, 1)
    assert backbone._slow_frames(x).flatten().tolist() == [0, 10, 20, 31]
    backbone.slow_sampling = 'strided'
    assert backbone._slow_frames(x).flatten().tolist() == [0, 8, 16, 24]


def test_tool_converts_a_pyth_file(tmp_path):
    """A file as PySlowFast's slowfast/utils/checkpoint.py saves it: the
    weights under model_state, beside the epoch, optimizer and config."""
    source, target = tmp_path / 'I3D_8x8_R50.pyth', tmp_path / 'ours.pth'
    torch.save(dict(epoch=196, model_state=manifest_state('i3d_r50_8x8'),
                    optimizer_state=dict(state={}, param_groups=[]),
                    cfg='MODEL:\n  ARCH: i3d\n'), source)
    result = run_python([f'{REPO}/tools/convert_checkpoint.py', '--from',
                         'pyslowfast', str(source), str(target)])
    assert 'i3d_r50_pyslowfast-converted' in result.stdout
    saved = torch.load(target, weights_only=True)
    model = build_model(saved['meta']['config'])
    model.load_state_dict(saved['state_dict'], strict=True)
