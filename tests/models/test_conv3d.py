"""``Conv3d``: spatial-only kernels run frame-wise as 2D on the CPU where
PyTorch would pick its native 3D kernel; same parameters and results as
``nn.Conv3d``, forward and backward."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from mmvid_plugin.models.layers import Conv3d


def _pair(*args, **kwargs):
    torch.manual_seed(0)
    ours = Conv3d(*args, **kwargs)
    reference = nn.Conv3d(*args, **kwargs)
    reference.load_state_dict(ours.state_dict())
    return ours, reference


def _ran_framewise(conv, x, monkeypatch):
    calls = []
    real = F.conv2d

    def counting(*args, **kwargs):
        calls.append(args[0].shape)
        return real(*args, **kwargs)
    monkeypatch.setattr(F, 'conv2d', counting)
    out = conv(x)
    monkeypatch.setattr(F, 'conv2d', real)
    return out, calls


@pytest.mark.parametrize('kwargs', [
    dict(kernel_size=(1, 3, 3), padding=(0, 1, 1)),
    dict(kernel_size=(1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1),
         bias=False),
    dict(kernel_size=(1, 3, 3), dilation=(1, 2, 2), padding=(0, 2, 2)),
])
def test_framewise_equals_conv3d_forward_and_backward(kwargs, monkeypatch):
    ours, reference = _pair(16, 24, **kwargs)
    x = torch.randn(1, 16, 6, 20, 20, requires_grad=True)
    out, calls = _ran_framewise(ours, x, monkeypatch)
    assert calls == [torch.Size([6, 16, 20, 20])]  # frames as the batch
    expected = reference(x)
    torch.testing.assert_close(out, expected, rtol=1e-4, atol=1e-5)
    assert out.is_contiguous()
    grad = torch.randn_like(out)
    got = torch.autograd.grad(out, (x, ours.weight), grad)
    want = torch.autograd.grad(expected, (x, reference.weight), grad)
    for a, b in zip(got, want):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize('shape,kwargs', [
    ((1, 16, 6, 20, 20), dict(kernel_size=3, padding=1)),  # temporal kernel
    ((1, 16, 6, 20, 20), dict(kernel_size=1)),  # pointwise
    ((1, 16, 6, 20, 20), dict(kernel_size=(1, 3, 3), stride=(2, 1, 1))),
    ((1, 16, 6, 20, 20), dict(kernel_size=(1, 3, 3), padding=(1, 1, 1))),
    ((2, 16, 6, 20, 20), dict(kernel_size=(1, 3, 3))),  # batch 2: oneDNN
    ((1, 16, 1, 20, 20), dict(kernel_size=(1, 3, 3))),  # one frame
    ((1, 16, 6, 20, 20), dict(kernel_size=(1, 5, 5))),  # wide: oneDNN
    ((1, 16, 6, 20, 20), dict(kernel_size=(1, 3, 3), groups=4)),
    ((1, 64, 8, 64, 64), dict(kernel_size=(1, 3, 3))),  # N C T H > 20480
])
def test_pytorch_choice_kept_elsewhere(shape, kwargs, monkeypatch):
    conv = Conv3d(shape[1], 8, **kwargs)
    _, calls = _ran_framewise(conv, torch.randn(shape), monkeypatch)
    assert calls == []


def test_switch_and_dtype(monkeypatch):
    conv = Conv3d(16, 8, (1, 3, 3))
    x = torch.randn(1, 16, 4, 12, 12)
    monkeypatch.setattr(Conv3d, 'framewise_on_cpu', False)
    assert _ran_framewise(conv, x, monkeypatch)[1] == []
    monkeypatch.setattr(Conv3d, 'framewise_on_cpu', True)
    assert _ran_framewise(conv.double(), x.double(), monkeypatch)[1] == []


def test_same_state_dict_as_nn_conv3d():
    ours, reference = _pair(4, 8, (1, 3, 3))
    assert isinstance(ours, nn.Conv3d)
    assert ours.state_dict().keys() == reference.state_dict().keys()
