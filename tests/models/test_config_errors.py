"""Configs and checkpoints that do not fit fail early with the choices or
the two shapes: unknown component types, options of no known value, an
RGB checkpoint for a model of other input channels, frames the
TimeSformer patches cannot tile, a fusion conv built for other towers."""
import pytest
import torch
from mmaction.registry import HOOKS, MODELS

from mmvid_plugin.utils import CheckpointMismatchError
from mmvid_plugin.utils.state_dict_match import check_checkpoint_matches
from mmvid_plugin.weights import build_model

CONV_RELU5 = 'configs/conv_fusion/convfusion_conv-relu5_vggm2048_scratch_' \
    '1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py'


@pytest.mark.parametrize('registry, cfg, listed', [
    (MODELS, dict(type='MeanFusion'), 'MaxFusion, SumFusion'),
    (MODELS, dict(type='SlowPoolin'), 'SlowPooling'),
    (MODELS, dict(type='TimeSformerVit'), 'TimeSformerViT'),
    (HOOKS, dict(type='PreciseBnHook'), 'PreciseBNHook')])
def test_unknown_type_lists_registered_names(registry, cfg, listed):
    with pytest.raises(KeyError) as error:
        registry.build(cfg)
    message = str(error.value)
    assert f"'{cfg['type']}' is not a registered" in message
    assert listed in message


def test_unknown_type_inside_a_model_names_the_inner_one():
    with pytest.raises(KeyError, match=r"'MeanFusion'.*\*Fusion types"):
        build_model(CONV_RELU5, device='meta',
                    cfg_options={'model.fusion.type': 'MeanFusion'})


@pytest.mark.parametrize('cfg, choices', [
    (dict(type='SegmentConsensusHead', num_classes=10, in_channels=8,
          consensus='median'), "'avg', 'max', 'weighted'"),
    (dict(type='TimeSformerViT', attention_type='diagonal'),
     "'space_only', 'joint_space_time'"),
    (dict(type='VideoResNet', depth=18, variant='r4d'), "'c2d', "),
])
def test_unknown_option_value_lists_the_choices(cfg, choices):
    with pytest.raises(ValueError, match='expected one of') as error:
        MODELS.build(cfg)
    assert choices in str(error.value)


def test_unknown_fusion_pooling_lists_the_choices():
    with pytest.raises(ValueError, match=r"pooling='4d'; expected one of"):
        build_model(CONV_RELU5, device='meta',
                    cfg_options={'model.pooling': '4d'})


def test_rgb_checkpoint_for_a_flow_model_names_both_shapes():
    model = {'backbone.conv1.weight': torch.zeros(64, 10, 7, 7),
             'backbone.bn1.weight': torch.zeros(64)}
    rgb = {'backbone.conv1.weight': torch.zeros(64, 3, 7, 7),
           'backbone.bn1.weight': torch.zeros(64)}
    with pytest.raises(CheckpointMismatchError) as error:
        check_checkpoint_matches(rgb, model, 'tsn_rgb.pth')
    message = str(error.value)
    assert 'tsn_rgb.pth: backbone.conv1.weight has 3 input channels ' \
        '(64, 3, 7, 7), the model 10 (64, 10, 7, 7)' in message
    assert 'CrossModalityInitHook' in message
    model['backbone.conv1.weight'] = torch.zeros(64, 3, 7, 7)
    assert len(check_checkpoint_matches(rgb, model, 'tsn_rgb.pth')) == 2


def test_frames_the_patches_cannot_tile():
    vit = MODELS.build(dict(type='TimeSformerViT', num_frames=2, img_size=32,
                            embed_dims=16, depth=1, num_heads=2))
    with pytest.raises(ValueError, match=r'frames of 40x40 do not split '
                       r'into 16x16 patches'):
        vit(torch.zeros(1, 3, 2, 40, 40))
    assert vit(torch.zeros(1, 3, 2, 48, 48)).shape[0] == 1  # resized grid


def test_fusion_conv_built_for_other_towers():
    with pytest.raises(ValueError, match=r'ConvFusion was built for 256 '
                       r"channels per stream.*have 512 at fusion_layer="
                       r"'relu5'; set its channels=512"):
        build_model(CONV_RELU5, device='meta',
                    cfg_options={'model.fusion.channels': 256})
