"""Small plain 3D and 2D CNNs: the learnability probes of MotionDigits."""
from typing import Optional, Sequence

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from ..layers import Conv3d


@MODELS.register_module()
class TinyVideoConvNet(BaseModule):
    """Stacked ``k_t x 3 x 3`` conv + BN + ReLU + ``1 x 2 x 2`` max-pool stages.

    Not a paper model: it checks that a dataset carries a temporal signal a
    small model learns from scratch in CPU minutes. With every temporal
    kernel 1 it sees frames independently (an order-free frame model once
    the head averages over time), which measures the appearance-only
    ceiling; ``TinyFrameConvNet`` is that frame model written in 2D.

    Args:
        in_channels: Input channels.
        widths: Output channels of each stage.
        temporal_kernels: Temporal extent of each stage's conv (odd).
    """

    def __init__(self,
                 in_channels: int = 3,
                 widths: Sequence[int] = (16, 32, 64),
                 temporal_kernels: Sequence[int] = (3, 3, 3),
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if len(widths) != len(temporal_kernels):
            raise ValueError(
                f'TinyVideoConvNet: widths {tuple(widths)} and '
                f'temporal_kernels {tuple(temporal_kernels)} must have the '
                'same length')
        if any(k < 1 or k % 2 == 0 for k in temporal_kernels):
            raise ValueError('TinyVideoConvNet: temporal_kernels must be odd '
                             f'positive integers, got {tuple(temporal_kernels)}')
        self.layers = conv_bn_relu_pool_stages(
            in_channels, widths,
            conv=lambda i, o, k_t: Conv3d(i, o, (k_t, 3, 3),
                                          padding=(k_t // 2, 1, 1),
                                          bias=False),
            norm=nn.BatchNorm3d, pool=lambda: nn.MaxPool3d((1, 2, 2)),
            temporal_kernels=temporal_kernels)
        self.out_channels = widths[-1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, T, H, W] -> [N, widths[-1], T, H / 2^S, W / 2^S]
        return self.layers(x)


@MODELS.register_module()
class TinyFrameConvNet(BaseModule):
    """TinyVideoConvNet's stages in 2D (``3 x 3`` conv + BN + ReLU + ``2 x 2``
    max-pool): the frame CNN of the MotionDigits frame models, run on every
    frame of a clip by ``FramewiseBackbone``.

    Args:
        in_channels: Input channels.
        widths: Output channels of each stage.
    """

    def __init__(self,
                 in_channels: int = 3,
                 widths: Sequence[int] = (16, 32, 64),
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.layers = conv_bn_relu_pool_stages(
            in_channels, widths,
            conv=lambda i, o, _: nn.Conv2d(i, o, 3, padding=1, bias=False),
            norm=nn.BatchNorm2d, pool=lambda: nn.MaxPool2d(2))
        self.out_channels = widths[-1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, H, W] -> [N, widths[-1], H / 2^S, W / 2^S]
        return self.layers(x)


def conv_bn_relu_pool_stages(in_channels: int, widths: Sequence[int], conv,
                             norm, pool,
                             temporal_kernels: Optional[Sequence[int]] = None
                             ) -> nn.Sequential:
    """``conv(in, out, k_t)``, ``norm(out)``, ReLU, ``pool()`` per width
    (``k_t`` from ``temporal_kernels``; None for 2D)."""
    layers = []
    kernels = temporal_kernels or (None, ) * len(widths)
    for width, k_t in zip(widths, kernels):
        layers += [conv(in_channels, width, k_t), norm(width),
                   nn.ReLU(inplace=True), pool()]
        in_channels = width
    return nn.Sequential(*layers)
