"""Feature pooling necks of Ng et al. 2015 against direct computations."""
import pytest
import torch

from mmvid_plugin.models.necks import (ConvPooling, LatePooling, LocalPooling,
                                       SlowPooling, TimeDomainConvPooling)

C, H, W = 8, 3, 3


def features(frames, n=2):
    torch.manual_seed(0)
    return torch.randn(n, C, frames, H, W)


def ev(neck):
    return neck.eval()  # no dropout


def test_conv_pooling_is_max_over_time_then_fc():
    x = features(30)
    plain = ev(ConvPooling(C, (H, W), fc_channels=()))
    out, aux = plain(x)
    assert aux == {}
    torch.testing.assert_close(out, x.amax(dim=2).flatten(1))
    neck = ev(ConvPooling(C, (H, W), fc_channels=(16, 12)))
    expected = neck.fc(x.amax(dim=2).flatten(1))
    torch.testing.assert_close(neck(x)[0], expected)
    assert neck.out_channels == 12


def test_late_pooling_is_max_over_time_of_per_frame_fcs():
    x = features(30)
    neck = ev(LatePooling(C, (H, W), fc_channels=(16, 12)))
    per_frame = torch.stack([neck.fc(x[:, :, t].flatten(1))
                             for t in range(30)], dim=1)
    torch.testing.assert_close(neck(x)[0], per_frame.amax(dim=1))


def window_maxes(x, window, stride):
    starts = range(0, x.shape[2] - window + 1, stride)
    return [x[:, :, s:s + window].amax(dim=2) for s in starts]


@pytest.mark.parametrize('frames,expected_windows', [(30, 5), (120, 23)])
def test_slow_pooling_windows_then_shared_fc_then_global_max(
        frames, expected_windows):
    x = features(frames)
    neck = ev(SlowPooling(C, (H, W), fc_channels=(16, ), window=10, stride=5))
    maxes = window_maxes(x, 10, 5)
    assert len(maxes) == expected_windows
    per_window = torch.stack([neck.fc(m.flatten(1)) for m in maxes], dim=1)
    torch.testing.assert_close(neck(x)[0], per_window.amax(dim=1))


def test_local_pooling_concatenates_windows_for_one_big_softmax():
    x = features(30)
    neck = ev(LocalPooling(C, (H, W), num_frames=30, fc_channels=(16, 12)))
    assert neck.num_windows == 5 and neck.out_channels == 5 * 12
    expected = torch.cat([neck.fc(m.flatten(1))
                          for m in window_maxes(x, 10, 5)], dim=1)
    torch.testing.assert_close(neck(x)[0], expected)
    with pytest.raises(ValueError, match='num_frames=30'):
        neck(features(20))


def test_time_domain_conv_spans_ten_frames_with_stride_five():
    x = features(30)
    neck = ev(TimeDomainConvPooling(C, (H, W), fc_channels=(), window=10,
                                    stride=5))
    assert neck.time_conv.weight.shape == (256, C, 10, 3, 3)
    # reference: each window's 10 frames as 10*C channels of a 2D conv
    weight = neck.time_conv.weight.reshape(256, C * 10, 3, 3)
    responses = []
    for s in range(0, 21, 5):
        window = x[:, :, s:s + 10].reshape(2, C * 10, H, W)
        responses.append(torch.nn.functional.conv2d(
            window, weight, neck.time_conv.bias, padding=1).relu())
    expected = torch.stack(responses, dim=2).amax(dim=2).flatten(1)
    torch.testing.assert_close(neck(x)[0], expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('cls', [SlowPooling, TimeDomainConvPooling])
def test_window_longer_than_clip_is_named(cls):
    with pytest.raises(ValueError, match='longer than the 8 frames'):
        cls(C, (H, W), window=10)(features(8))


def test_feature_shape_mismatch_is_named():
    with pytest.raises(ValueError, match=r'feature_size'):
        ConvPooling(C, (4, 4))(features(10))


def test_gradients_reach_every_frame_under_conv_pooling_argmax():
    x = features(6).requires_grad_()
    ConvPooling(C, (H, W), fc_channels=(4, ))(x)[0].sum().backward()
    # max over time routes each location's gradient to its argmax frame
    picked = (x.grad != 0).float().sum(dim=2)
    assert torch.all(picked <= 1)
