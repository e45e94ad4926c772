"""LRN of the CNN-M-2048 and DeepVideo towers against the formula
b_c = a_c / (k + s * sum_c' a_c'^2)^beta, with each source's constants
written in that source's own convention."""
import pytest
import torch

from mmvid_plugin.models.backbones import CNNM2048
from mmvid_plugin.models.backbones.deepvideo import deepvideo_tower
from mmvid_plugin.models.layers import local_response_norm


def lrn_by_formula(a: torch.Tensor, n: int, scale: float, beta: float,
                   k: float) -> torch.Tensor:
    """Channel by channel: the sum runs over the n channels centred on c,
    clipped at the ends (Krizhevsky et al. 2012, Sec. 3.3)."""
    out = torch.empty_like(a)
    channels = a.shape[1]
    for c in range(channels):
        window = a[:, max(0, c - n // 2):min(channels, c + n // 2 + 1)]
        out[:, c] = a[:, c] / (k + scale * (window**2).sum(1))**beta
    return out


def large_activations(*shape):
    """Activations large enough that alpha moves the output."""
    torch.manual_seed(0)
    return 50 * torch.randn(*shape, dtype=torch.float64)


def test_vgg_m_lrn_is_the_caffe_release_alpha_over_n():
    """Caffe VGG-CNN-M: local_size 5, alpha 5e-4 (Caffe divides by n),
    beta 0.75, k 2."""
    lrn = CNNM2048(input_size=64).features[2].double()
    a = large_activations(2, 12, 3, 3)
    expected = lrn_by_formula(a, n=5, scale=5e-4 / 5, beta=0.75, k=2.0)
    torch.testing.assert_close(lrn(a), expected)
    weaker = lrn_by_formula(a, n=5, scale=1e-4 / 5, beta=0.75, k=2.0)
    assert (expected - weaker).abs().max() > 1.0  # alpha matters here


def test_deepvideo_lrn_is_krizhevsky_undivided_alpha():
    """DeepVideo: k = 2, n = 5, alpha = 1e-4 on the plain sum, beta = 0.5,
    on (N, C, T, H, W) maps."""
    tower = deepvideo_tower()
    lrn = tower[2].double()
    assert isinstance(lrn, torch.nn.LocalResponseNorm)
    a = large_activations(2, 12, 2, 3, 3)
    expected = lrn_by_formula(a, n=5, scale=1e-4, beta=0.5, k=2.0)
    torch.testing.assert_close(lrn(a), expected)


def test_unknown_convention_is_named():
    with pytest.raises(ValueError, match="convention='cudnn'"):
        local_response_norm(5, 1e-4, 0.75, 2.0, convention='cudnn')
