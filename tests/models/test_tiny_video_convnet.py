"""TinyVideoConvNet: shapes, errors, and what each setting sees in time;
TinyFrameConvNet: its frame model in 2D."""
import pytest
import torch

from mmvid_plugin.models.backbones import (FramewiseBackbone,
                                          TinyFrameConvNet, TinyVideoConvNet)


def test_output_shape():
    net = TinyVideoConvNet(widths=(4, 8, 16))
    out = net(torch.randn(2, 3, 16, 64, 64))  # [N, C, T, H, W]
    assert out.shape == (2, 16, 16, 8, 8)
    assert net.out_channels == 16


def changed_times(net, t):
    net.eval()
    x = torch.randn(1, 3, 8, 32, 32)
    y = x.clone()
    y[:, :, t] += 1.0
    with torch.no_grad():
        diff = (net(x) - net(y)).abs().amax(dim=(0, 1, 3, 4))
    return set(torch.nonzero(diff > 1e-6).flatten().tolist())


def test_temporal_kernels_one_see_frames_independently():
    net = TinyVideoConvNet(widths=(4, 8), temporal_kernels=(1, 1))
    assert changed_times(net, 3) == {3}


def test_temporal_receptive_field_grows_by_stage():
    net = TinyVideoConvNet(widths=(4, 8), temporal_kernels=(3, 3))
    assert changed_times(net, 3) == {1, 2, 3, 4, 5}


@pytest.mark.parametrize('kwargs,match', [
    (dict(widths=(4, 8), temporal_kernels=(3, )), 'same length'),
    (dict(widths=(4, ), temporal_kernels=(2, )), 'odd positive'),
])
def test_bad_arguments_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        TinyVideoConvNet(**kwargs)


def test_frame_net_on_every_frame_equals_temporal_kernels_one():
    video = TinyVideoConvNet(widths=(4, 8), temporal_kernels=(1, 1)).eval()
    frames = FramewiseBackbone(
        dict(type='TinyFrameConvNet', widths=(4, 8))).eval()
    for name, value in video.state_dict().items():
        target = frames.backbone.state_dict()[name]
        target.copy_(value.reshape(target.shape))
    x = torch.randn(2, 3, 5, 16, 16)
    with torch.no_grad():
        torch.testing.assert_close(frames(x), video(x))
    assert isinstance(frames.backbone, TinyFrameConvNet)
    assert frames.backbone.out_channels == 8
