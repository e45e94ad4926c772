"""A small plain 3D CNN: the learnability probe of MotionDigits."""
from typing import Sequence

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
    ceiling.

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
        stages = []
        for width, k_t in zip(widths, temporal_kernels):
            stages += [
                Conv3d(in_channels, width, (k_t, 3, 3),
                       padding=(k_t // 2, 1, 1), bias=False),
                nn.BatchNorm3d(width),
                nn.ReLU(inplace=True),
                nn.MaxPool3d((1, 2, 2)),
            ]
            in_channels = width
        self.layers = nn.Sequential(*stages)
        self.out_channels = in_channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, T, H, W] -> [N, widths[-1], T, H / 2^S, W / 2^S]
        return self.layers(x)
