"""3x3 conv makers of the video-ResNet family (Tran et al., "A Closer Look
at Spatiotemporal Convolutions for Action Recognition", CVPR 2018, Sec. 3):
full 3D (3x3x3), 2D in time (1x3x3) and (2+1)D (1x3x3 then 3x1x1 with M_i
midplanes; or PyTorchVideo's 3x1x1 then 1x3x3, '2plus1d-tfirst'). One
maker is chosen per stage, as torchvision's VideoResNet does.

A maker is called as ``maker(in_planes, out_planes, temporal_stride,
spatial_stride, eps=...)`` and returns the conv (no final BN); ``eps`` is
the epsilon of any BN inside it (only (2+1)D has one).
"""
from typing import Callable, Dict

from torch import nn

from .conv3d import Conv3d


def midplanes(in_planes: int, out_planes: int, t: int = 3, d: int = 3) -> int:
    """M_i = floor(t d^2 N_{i-1} N_i / (d^2 N_{i-1} + t N_i)): the (2+1)D
    width with the parameters of a full t x d x d conv (Sec. 3.5, as
    recalled; VMZ ``c2/lib/models/builder/video_model.py`` ``add_conv``
    computes it for every conv from that conv's own widths)."""
    return (t * d * d * in_planes * out_planes) // (d * d * in_planes +
                                                     t * out_planes)


def conv3d_full(in_planes: int, out_planes: int, temporal_stride: int = 1,
                spatial_stride: int = 1, eps: float = 1e-5) -> nn.Conv3d:
    """3x3x3, padding 1."""
    del eps  # no BN inside
    return Conv3d(in_planes, out_planes, 3,
                  (temporal_stride, spatial_stride, spatial_stride), 1,
                  bias=False)


def conv2d_in_time(in_planes: int, out_planes: int, temporal_stride: int = 1,
                   spatial_stride: int = 1, eps: float = 1e-5) -> nn.Conv3d:
    """1x3x3: a 2D conv on every frame; never strides in time."""
    del temporal_stride, eps  # 2D stages keep the frame rate (Sec. 3.2)
    return Conv3d(in_planes, out_planes, (1, 3, 3),
                  (1, spatial_stride, spatial_stride), (0, 1, 1),
                  bias=False)


class Conv2Plus1D(nn.Sequential):
    """1 x d x d (in -> M, spatial stride) -> BN -> ReLU -> t x 1 x 1
    (M -> out, temporal stride).

    Args:
        eps: Epsilon of the middle BN (VMZ: 1e-3, as every BN of its
            R(2+1)D).
        mid_planes: M; the per-conv value of ``midplanes`` (VMZ's
            ``add_conv``) when None.
    """

    def __init__(self, in_planes: int, out_planes: int,
                 temporal_stride: int = 1, spatial_stride: int = 1,
                 eps: float = 1e-5, mid_planes: int = None):
        mid = mid_planes or midplanes(in_planes, out_planes)
        super().__init__(
            Conv3d(in_planes, mid, (1, 3, 3),
                   (1, spatial_stride, spatial_stride), (0, 1, 1),
                   bias=False),
            nn.BatchNorm3d(mid, eps=eps), nn.ReLU(inplace=True),
            Conv3d(mid, out_planes, (3, 1, 1), (temporal_stride, 1, 1),
                   (1, 0, 0), bias=False))


class Conv2Plus1DTemporalFirst(nn.Sequential):
    """t x 1 x 1 (in -> out, temporal stride) -> BN -> ReLU -> 1 x d x d
    (out -> out, spatial stride): PyTorchVideo's (2+1)D conv
    (``pytorchvideo/layers/convolutions.py`` ``create_conv_2plus1d`` with
    its defaults ``conv_xy_first=False``, ``inner_channels=out``), the 3x3
    conv of its bottleneck R(2+1)D-50 (``models/r2plus1d.py``)."""

    def __init__(self, in_planes: int, out_planes: int,
                 temporal_stride: int = 1, spatial_stride: int = 1,
                 eps: float = 1e-5):
        super().__init__(
            Conv3d(in_planes, out_planes, (3, 1, 1),
                   (temporal_stride, 1, 1), (1, 0, 0), bias=False),
            nn.BatchNorm3d(out_planes, eps=eps), nn.ReLU(inplace=True),
            Conv3d(out_planes, out_planes, (1, 3, 3),
                   (1, spatial_stride, spatial_stride), (0, 1, 1),
                   bias=False))


CONV_MAKERS: Dict[str, Callable[..., nn.Module]] = {
    '3d': conv3d_full,
    '2d': conv2d_in_time,
    '2plus1d': Conv2Plus1D,
    '2plus1d-tfirst': Conv2Plus1DTemporalFirst,
}
# stages that may stride in time
TEMPORAL_MAKERS = ('3d', '2plus1d', '2plus1d-tfirst')
