"""CNN-M-2048: shapes, the temporal-net options and input checks."""
import pytest
import torch
from torch import nn

from mmvid_plugin.models.backbones import CNNM2048


def test_pool5_is_6x6x512_at_224():
    assert CNNM2048.pool5_size(224) == 6
    with torch.device('meta'):
        net = CNNM2048()
    assert net.feature_shape() == (512, 6, 6)
    assert net.classifier[1].in_features == 512 * 36


def test_lrn_after_conv2_only_in_spatial_net():
    def lrn_count(net):
        return sum(isinstance(m, nn.LocalResponseNorm) for m in net.modules())

    assert lrn_count(CNNM2048(input_size=64)) == 2
    assert lrn_count(CNNM2048(in_channels=20, input_size=64,
                              lrn_after_conv2=False)) == 1


def test_mean_flow_subtraction_removes_camera_motion():
    torch.manual_seed(0)
    net = CNNM2048(in_channels=20, input_size=64, subtract_mean_flow=True,
                   lrn_after_conv2=False).eval()
    flow = torch.randn(2, 20, 64, 64)
    camera = torch.randn(2, 20, 1, 1) * 3  # a constant shift per field
    with torch.no_grad():
        torch.testing.assert_close(net(flow), net(flow + camera))
        net.subtract_mean_flow = False
        assert not torch.allclose(net(flow), net(flow + camera))


def test_output_and_input_checks():
    net = CNNM2048(input_size=64)
    assert net(torch.randn(2, 3, 64, 64)).shape == (2, 2048)
    with pytest.raises(ValueError, match='64x64 inputs'):
        net(torch.randn(1, 3, 96, 96))
    with pytest.raises(ValueError, match='too small'):
        CNNM2048(input_size=32)


def test_features_only_stops_at_pool5():
    net = CNNM2048(features_only=True).eval()
    assert net.out_channels == 512
    assert net(torch.randn(1, 3, 224, 224)).shape == (1, 512, 6, 6)
    # conv1-conv5 of the RGB net: 6,528,640 parameters, no full6 / full7
    assert sum(p.numel() for p in net.parameters()) == 6_528_640
