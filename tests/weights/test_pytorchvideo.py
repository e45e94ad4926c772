"""The ``pytorchvideo`` source (torch.hub pytorchvideo slowfast_r50,
slow_r50, c2d_r50, i3d_r50, r2plus1d_r50): equivalence with PyTorchVideo's
own models (reference outputs of tools/make_reference_outputs.py),
identification, strict errors, and the temporal-first (2+1)D conv of its
R(2+1)D-50."""
import pytest
import torch

from mmvid_plugin.models.layers.conv_makers import CONV_MAKERS
from mmvid_plugin.utils import CheckpointMismatchError
from mmvid_plugin.weights import (UnknownCheckpointError, convert_state_dict,
                                  get_source)
from tests.weights import reference_check
from tests.weights.reference_check import (check_reference, reference_files,
                                           reference_ids)

FILES = reference_files('pytorchvideo')
SOURCE = get_source('pytorchvideo')


def manifest_state(model):
    return reference_check.manifest_state('pytorchvideo', model)


def test_every_model_has_a_reference():
    assert sorted(reference_ids('pytorchvideo')) == sorted(SOURCE.models)


@pytest.mark.parametrize('path', FILES, ids=reference_ids('pytorchvideo'))
def test_logits_equal_pytorchvideo(path):
    check_reference(path)


@pytest.mark.parametrize('model', [
    'slowfast_r50', 'slowfast_r50_4x16', 'c2d_r50', 'i3d_r50',
    'r2plus1d_r50'])
def test_the_file_tells_its_config(model):
    """The layout alone picks the model, and the converted keys are
    exactly the config's model's (convert_state_dict checks strictly)."""
    converted = convert_state_dict(manifest_state(model), 'pytorchvideo')
    assert converted.meta['source_model'] == model
    assert converted.config == SOURCE.models[model]


def test_slow_asks_for_its_config():
    """SLOW_8x8 (hub slow_r50) and SLOW_4x16 have one layout."""
    state = manifest_state('slow_r50_4x16')
    with pytest.raises(UnknownCheckpointError,
                       match='slow_r50, slow_r50_4x16.*--config'):
        convert_state_dict(state, 'pytorchvideo')
    converted = convert_state_dict(state, 'pytorchvideo', 'slow_r50_4x16')
    assert '4x16x10' in converted.config


def test_ptv_wrapper_prefix_is_dropped():
    """A checkpoint of PySlowFast's PTVResNet (the Net as ``model``)."""
    state = {f'model.{k}': v for k, v in manifest_state('i3d_r50').items()}
    converted = convert_state_dict(state, 'pytorchvideo', 'i3d_r50')
    assert 'backbone.stem.0.weight' in converted.state_dict


def test_unknown_missing_and_misshaped_keys_are_listed():
    state = manifest_state('c2d_r50')
    state['blocks.3.res_blocks.0.branch2.conv_d.weight'] = torch.zeros(1)
    with pytest.raises(UnknownCheckpointError,
                       match='blocks.3.res_blocks.0.branch2.conv_d.weight'):
        convert_state_dict(state, 'pytorchvideo', 'c2d_r50')
    state = manifest_state('c2d_r50')
    # blocks.2 is the parameter-free pool after res2: blocks.3 is res3
    del state['blocks.3.res_blocks.1.branch2.norm_b.running_mean']
    state['blocks.6.proj.weight'] = torch.zeros(10, 2048)
    with pytest.raises(CheckpointMismatchError) as error:
        convert_state_dict(state, 'pytorchvideo', 'c2d_r50')
    message = str(error.value)
    assert 'backbone.stages.1.1.bn2.running_mean' in message
    assert ('cls_head.fc_cls.weight: (10, 2048) (expected (400, 2048))'
            in message)


def test_unidentifiable_file_names_the_models():
    state = manifest_state('i3d_r50')
    state['blocks.0.conv.weight'] = torch.zeros(64, 3, 3, 7, 7)
    with pytest.raises(UnknownCheckpointError,
                       match='fits none of its models.*r2plus1d_r50'):
        convert_state_dict(state, 'pytorchvideo')


def test_temporal_first_2plus1d_conv():
    conv = CONV_MAKERS['2plus1d-tfirst'](8, 16, 2, 2)
    assert conv[0].kernel_size == (3, 1, 1) and conv[0].stride == (2, 1, 1)
    assert conv[3].kernel_size == (1, 3, 3) and conv[3].stride == (1, 2, 2)
    assert conv[0].out_channels == conv[3].in_channels == 16
    assert conv(torch.zeros(1, 8, 4, 8, 8)).shape == (1, 16, 2, 4, 4)
