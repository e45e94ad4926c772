"""FusionTower: fusion layers cut after named layers, channels read from
the tower, input check apart from mean-flow subtraction."""
import pytest
import torch
from mmaction.registry import MODELS
from torch import nn

from mmvid_plugin.models.backbones.cnn_m import CNNM2048
from tests.helpers.models import fusion_recognizer


@MODELS.register_module(force=True)
class CNNM2048WithBatchNorm(CNNM2048):
    """CNN-M with an extra BatchNorm after conv1: every later layer sits
    one position further on."""

    def named_sequential(self, layers):
        layers = list(layers)
        if layers and layers[0][0] == 'conv1':
            layers.insert(1, ('bn1', nn.BatchNorm2d(96)))
        return super().named_sequential(layers)


def build(layer, fusion, tower='CNNM2048'):
    model = MODELS.build(fusion_recognizer(layer, fusion, tower=tower,
                                           num_classes=5, input_size=64))
    model.init_weights()
    return model.eval()


@pytest.mark.parametrize('layer', ['relu2', 'relu5', 'fc6'])
def test_inserting_a_layer_keeps_the_fusion_point(layer):
    plain = build(layer, dict(type='SumFusion'))
    extra = build(layer, dict(type='SumFusion'),
                  tower='CNNM2048WithBatchNorm')
    assert extra.split == plain.split + 1
    for model in (plain, extra):
        cut = model.spatial.layers()[model.split - 1]
        assert cut is model.spatial.layer(
            model.spatial.cut_points[layer])
    rgb = torch.randn(2, 1, 3, 2, 64, 64)
    inputs = dict(rgb=rgb, flow=torch.randn(2, 1, 20, 2, 64, 64))
    with torch.no_grad():
        shapes = [m.extract_feat(inputs)['fused'][0].shape
                  for m in (plain, extra)]
    assert shapes[0] == shapes[1]


@pytest.mark.parametrize('layer,channels', [('relu2', 256),
                                            ('relu5', 512)])
def test_fusion_channels_are_read_from_the_tower(layer, channels):
    model = build(layer, dict(type='ConvFusion'))
    assert model.fusion.conv.in_channels == 2 * channels
    assert model.spatial.channels_at(layer) == channels


def test_explicit_fusion_channels_are_checked():
    with pytest.raises(ValueError, match="have 256 at fusion_layer="
                       "'relu2'; set its channels=256"):
        build('relu2', dict(type='Conv3DFusion', channels=512))


def test_concat_widens_the_first_layer_after_the_cut():
    model = build('relu3', dict(type='ConcatFusion'))
    conv4 = model.spatial.layer('conv4')
    assert model.spatial.layers_after('relu3')[0] is conv4
    assert conv4.in_channels == 2 * 512


def test_a_tower_without_named_cuts_is_refused():
    cfg = fusion_recognizer('relu5', dict(type='SumFusion'))
    cfg['spatial_backbone'] = dict(type='TinyVideoConvNet')
    with pytest.raises(TypeError, match='spatial_backbone TinyVideoConvNet'
                       ' is no FusionTower'):
        MODELS.build(cfg)


def test_input_check_leaves_mean_flow_to_its_own_step():
    tower = CNNM2048(in_channels=4, input_size=64, subtract_mean_flow=True)
    flow = torch.randn(2, 4, 64, 64) + 3.0
    tower.check_input(flow)
    centred = tower.remove_mean_flow(flow)
    assert centred.mean(dim=(2, 3)).abs().max() < 1e-5
    assert torch.allclose(centred, flow - flow.mean(dim=(2, 3),
                                                    keepdim=True))
    with pytest.raises(ValueError, match='built for 64x64'):
        tower.check_input(torch.randn(1, 4, 32, 32))
    assert CNNM2048(in_channels=4, input_size=64).remove_mean_flow(
        flow) is flow


def test_unknown_layer_names_the_choices():
    tower = CNNM2048(input_size=64)
    with pytest.raises(ValueError, match="no layer 'conv9'"):
        tower.layer('conv9')
    assert tower.fusion_layers() == ['relu1', 'relu2', 'relu3', 'relu4',
                                     'relu5', 'fc6', 'fc7']
    assert CNNM2048(input_size=64, features_only=True).fusion_layers() == [
        'relu1', 'relu2', 'relu3', 'relu4', 'relu5']
