"""Fusion over time, Feichtenhofer et al., CVPR 2016 (Sec. 3.2, Fig. 3):
2D pooling (each frame alone), 3D pooling, and 3D conv fusion followed by
3D pooling. Layouts are (N, C, T, H, W).

The official release pools 3D over the whole clip in time (``poolSize =
[2 2 nFrames]``, stride 2), not 2x2x2: ``SpatiotemporalMaxPool3D`` does the
same.
"""
import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from .base import PaperInitFusion
from .spatial import check_pair, stacked_identities


@MODELS.register_module()
class FramewiseMaxPool2D(BaseModule):
    """2D pooling: max-pool each frame, time untouched (1 x k x k)."""

    def __init__(self, kernel_size: int = 2, stride: int = 2,
                 ceil_mode: bool = False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.pool = nn.MaxPool3d((1, kernel_size, kernel_size),
                                 (1, stride, stride), ceil_mode=ceil_mode)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


@MODELS.register_module()
class SpatiotemporalMaxPool3D(BaseModule):
    """3D pooling: k x k in space and the whole clip in time, stride
    (2, s, s) as the official code (T = 5 -> 1).

    Args:
        kernel_size: Spatial kernel (2 for VGG-16's pool5).
        stride: Spatial stride.
        ceil_mode: Caffe-style rounding (the VGG-M towers use it).
    """

    def __init__(self, kernel_size: int = 2, stride: int = 2,
                 ceil_mode: bool = False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.kernel_size, self.stride = kernel_size, stride
        self.ceil_mode = ceil_mode

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, T, H, W] -> [N, C, 1, H', W']
        return nn.functional.max_pool3d(
            x, (x.shape[2], self.kernel_size, self.kernel_size),
            (2, self.stride, self.stride), ceil_mode=self.ceil_mode)


def gaussian_3x3x3(sigma: float = 1.0) -> torch.Tensor:
    """A 3x3x3 Gaussian on the grid {-1, 0, 1}^3, normalised to sum 1."""
    r = torch.arange(-1, 2, dtype=torch.float64)
    d2 = r[:, None, None]**2 + r[None, :, None]**2 + r[None, None, :]**2
    g = torch.exp(-d2 / (2 * sigma**2))
    return (g / g.sum()).float()


@MODELS.register_module()
class Conv3DFusion(PaperInitFusion):
    """3D conv fusion: stack both maps (2C), then a 3x3x3 conv (stride 1,
    pad 1) back to C channels and ReLU; follow with 3D pooling.

    Args:
        channels: C per stream (512 for VGG-16 conv5).
        gaussian_identity_init: Start as [0.25 I ; 0.75 I] (spatial ;
            temporal) times a normalised 3x3x3 Gaussian (sigma 1), bias 0,
            as the official code; otherwise default initialisation.
    """

    def __init__(self, channels: int, gaussian_identity_init: bool = True,
                 init_cfg=None):
        super().__init__(gaussian_identity_init, init_cfg)
        self.conv = nn.Conv3d(2 * channels, channels, 3, padding=1)
        if gaussian_identity_init:
            self.reset_to_paper_init()

    def reset_to_paper_init(self) -> None:
        """[0.25 I ; 0.75 I] times a 3x3x3 Gaussian, zero bias."""
        mixing = stacked_identities(self.conv.out_channels, 0.25, 0.75)
        with torch.no_grad():
            self.conv.weight.copy_(mixing[:, :, None, None, None] *
                                   gaussian_3x3x3())
            self.conv.bias.zero_()

    def forward(self, spatial: torch.Tensor,
                temporal: torch.Tensor) -> torch.Tensor:
        # [N, C, T, H, W] x 2 -> [N, 2C, T, H, W] -> [N, C, T, H, W]
        check_pair('Conv3DFusion', spatial, temporal)
        if spatial.dim() != 5:
            raise ValueError('Conv3DFusion needs (N, C, T, H, W) maps, got '
                             f'{tuple(spatial.shape)}')
        return nn.functional.relu(
            self.conv(torch.cat([spatial, temporal], dim=1)))

