"""A 2D backbone on every frame, time folded into the batch."""
import torch
from mmengine.registry import init_default_scope

from mmvid_plugin.models.backbones import FramewiseBackbone


def test_equals_the_2d_net_frame_by_frame():
    init_default_scope('mmaction')
    net = FramewiseBackbone(backbone=dict(
        type='CNNM2048', input_size=64, features_only=True)).eval()
    clip = torch.randn(2, 3, 4, 64, 64)
    with torch.no_grad():
        out = net(clip)
        frames = [net.backbone(clip[:, :, t]) for t in range(4)]
    assert out.shape == (2, 512, 4, 1, 1)
    for t, frame in enumerate(frames):
        torch.testing.assert_close(out[:, :, t], frame)


def test_tuple_outputs_use_the_last_map():
    init_default_scope('mmaction')
    net = FramewiseBackbone(backbone=dict(
        type='ResNet', depth=18, pretrained=None, out_indices=(2, 3))).eval()
    with torch.no_grad():
        out = net(torch.randn(1, 3, 2, 64, 64))
    assert out.shape == (1, 512, 2, 2, 2)
