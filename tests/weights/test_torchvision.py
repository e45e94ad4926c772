"""The ``torchvision`` source (r3d_18 / mc3_18 / r2plus1d_18 and the IG-65M
R(2+1)D-34 ports): equivalence with torchvision's own models (reference
outputs of tools/make_reference_outputs.py), identification, strict
errors, the CLI and ``ConvertedPretrained``; the 2D ResNet mapping."""
import pytest
import torch
from mmaction.registry import MODELS
from mmengine.registry import init_default_scope

from mmvid_plugin.utils import CheckpointMismatchError
from mmvid_plugin.weights import (UnknownCheckpointError, build_model,
                                  convert_state_dict)
from mmvid_plugin.weights.torchvision import convert_torchvision_resnet
from tests.helpers.runs import REPO, run_python
from tests.weights import reference_check
from tests.weights.reference_check import (check_reference, reference_files,
                                           reference_ids)

FILES = reference_files('torchvision')


def manifest_state(model):
    return reference_check.manifest_state('torchvision', model)


@pytest.mark.parametrize('path', FILES, ids=reference_ids('torchvision'))
def test_logits_equal_torchvision(path):
    check_reference(path)


@pytest.mark.parametrize('model', ['r3d_18', 'mc3_18', 'r2plus1d_18',
                                   'r2plus1d_34_8_ig65m',
                                   'r2plus1d_34_32_ig65m'])
def test_the_file_tells_its_config(model):
    converted = convert_state_dict(manifest_state(model), 'torchvision')
    assert converted.meta['source_model'] == model


def test_ambiguous_file_asks_for_config():
    state = manifest_state('r2plus1d_34_8_kinetics')
    with pytest.raises(UnknownCheckpointError,
                       match='r2plus1d_34_8_kinetics.*r2plus1d_34_32_kinetics'
                       '.*--config'):
        convert_state_dict(state, 'torchvision')
    converted = convert_state_dict(state, 'torchvision',
                                   'r2plus1d_34_32_kinetics')
    assert '32x1x10' in converted.config


def test_unknown_missing_and_misshaped_keys_are_listed():
    state = manifest_state('r3d_18')
    state['layer9.0.extra.weight'] = torch.zeros(1)
    with pytest.raises(UnknownCheckpointError, match='layer9.0.extra.weight'):
        convert_state_dict(state, 'torchvision', 'r3d_18')
    state = manifest_state('r3d_18')
    del state['layer1.0.conv1.1.running_var']
    state['fc.weight'] = torch.zeros(10, 512)
    with pytest.raises(CheckpointMismatchError) as error:
        convert_state_dict(state, 'torchvision', 'r3d_18')
    message = str(error.value)
    assert 'backbone.stages.0.0.bn1.running_var' in message
    assert 'cls_head.fc_cls.weight: (10, 512) (expected (400, 512))' in message


def test_tool_writes_a_checkpoint_with_its_provenance(tmp_path):
    source, target = tmp_path / 'r3d_18.pth', tmp_path / 'ours.pth'
    torch.save(manifest_state('r3d_18'), source)
    result = run_python([f'{REPO}/tools/convert_checkpoint.py', '--from',
                         'torchvision', str(source), str(target)])
    assert 'r3d_r18_torchvision-converted' in result.stdout
    saved = torch.load(target, weights_only=True)
    import hashlib
    assert saved['meta']['source_sha256'] == hashlib.sha256(
        source.read_bytes()).hexdigest()
    assert saved['meta']['config'].startswith('configs/r2plus1d/')
    model = build_model(saved['meta']['config'])
    model.load_state_dict(saved['state_dict'], strict=True)


def test_help_lists_every_source():
    result = run_python([f'{REPO}/tools/convert_checkpoint.py', '--help'])
    for name in ('torchvision', 'inflate-resnet', 'cross-modality'):
        assert f'\n  {name} ' in result.stdout


def test_fine_tune_from_the_official_file_through_init_cfg(tmp_path):
    """``init_cfg=ConvertedPretrained`` on the backbone loads every backbone
    tensor of the official file (the backbone's own init does not overwrite
    them); the new head (101 classes) keeps its init."""
    state = manifest_state('mc3_18')
    path = tmp_path / 'mc3_18.pth'
    torch.save(state, path)
    config = 'configs/r2plus1d/mc3_r18_torchvision-converted_16x1x5_' \
        'kinetics400-rgb.py'
    model = build_model(config, cfg_options={
        'model.cls_head.num_classes': 101,
        'model.backbone.init_cfg': dict(
            type='ConvertedPretrained', source='torchvision',
            checkpoint=str(path))})
    model.init_weights()
    torch.testing.assert_close(model.backbone.stem[0].weight,
                               state['stem.0.weight'])
    torch.testing.assert_close(model.backbone.stages[1][0].bn1.running_var,
                               state['layer2.0.conv1.1.running_var'])
    assert model.cls_head.fc_cls.weight.shape == (101, 512)


def test_torchvision_resnet_layout_loads_strictly_into_recognizer2d():
    """2D torchvision ResNet keys (``conv1``, ``bn1``, ``layerX.Y.bnN``,
    ``downsample.0/1``, ``fc``) -> MMAction2 ``Recognizer2D(ResNet)``."""
    from tests.helpers.models import torchvision_resnet_key
    init_default_scope('mmaction')
    model = MODELS.build(dict(
        type='Recognizer2D',
        backbone=dict(type='ResNet', depth=18, pretrained=None),
        cls_head=dict(type='SegmentConsensusHead', num_classes=1000,
                      in_channels=512)))
    torch.manual_seed(0)
    state = {}
    for key, value in model.state_dict().items():
        source = ('fc.' + key[len('cls_head.fc_cls.'):]
                  if key.startswith('cls_head.') else
                  torchvision_resnet_key(key[len('backbone.'):]))
        state[source] = torch.randn(value.shape) if value.dim() else value
    model.load_state_dict(convert_torchvision_resnet(state), strict=True)
    torch.testing.assert_close(model.backbone.layer2[0].downsample.bn.weight,
                               state['layer2.0.downsample.1.weight'])
    with pytest.raises(KeyError, match="'head.weight'"):
        convert_torchvision_resnet({'head.weight': torch.zeros(1)})
