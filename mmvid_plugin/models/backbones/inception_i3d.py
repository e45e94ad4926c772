"""Inflated Inception-V1 (I3D), Carreira & Zisserman, "Quo Vadis, Action
Recognition? A New Model and the Kinetics Dataset", CVPR 2017 (Sec. 2.4,
Fig. 3), as the official ``kinetics-i3d/i3d.py``: every conv is a Unit3D
(conv without bias, BN, ReLU), 3x3 branch convs inflated to 3x3x3.
"""
from typing import Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from ..layers import Conv3d

# name: (in, 1x1, 3x3 reduce, 3x3, 3x3 reduce, 3x3, pool proj)
MIXED = {
    'Mixed_3b': (192, 64, 96, 128, 16, 32, 32),
    'Mixed_3c': (256, 128, 128, 192, 32, 96, 64),
    'Mixed_4b': (480, 192, 96, 208, 16, 48, 64),
    'Mixed_4c': (512, 160, 112, 224, 24, 64, 64),
    'Mixed_4d': (512, 128, 128, 256, 24, 64, 64),
    'Mixed_4e': (512, 112, 144, 288, 32, 64, 64),
    'Mixed_4f': (528, 256, 160, 320, 32, 128, 128),
    'Mixed_5b': (832, 256, 160, 320, 32, 128, 128),
    'Mixed_5c': (832, 384, 192, 384, 48, 128, 128),
}
# max-pools: name -> (kernel, stride), inserted before the named block
POOLS = {
    'MaxPool3d_2a_3x3': ((1, 3, 3), (1, 2, 2)),
    'MaxPool3d_3a_3x3': ((1, 3, 3), (1, 2, 2)),
    'MaxPool3d_4a_3x3': ((3, 3, 3), (2, 2, 2)),
    'MaxPool3d_5a_2x2': ((2, 2, 2), (2, 2, 2)),
}


def same_padding(size: int, kernel: int, stride: int) -> Tuple[int, int]:
    """TensorFlow 'SAME' padding (before, after) for one dimension."""
    total = max((-(-size // stride) - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def pad_same(x: torch.Tensor, kernel: Sequence[int], stride: Sequence[int],
             value: float = 0.0) -> torch.Tensor:
    pads = []
    for size, k, s in zip(reversed(x.shape[2:]), reversed(kernel),
                          reversed(stride)):
        pads += same_padding(size, k, s)
    return F.pad(x, pads, value=value)


class MaxPool3dSame(nn.Module):
    """Max-pool with either TF 'SAME' padding (-inf) or symmetric padding
    k // 2 where the kernel is odd (same output size for even inputs)."""

    def __init__(self, kernel: Tuple[int, int, int],
                 stride: Tuple[int, int, int], tf_same: bool):
        super().__init__()
        self.kernel, self.stride, self.tf_same = kernel, stride, tf_same
        padding = (0, 0, 0) if tf_same else tuple(
            k // 2 if k % 2 else 0 for k in kernel)
        self.pool = nn.MaxPool3d(kernel, stride, padding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.tf_same:
            x = pad_same(x, self.kernel, self.stride, float('-inf'))
        return self.pool(x)


# Sonnet's ``snt.BatchNorm`` decays its moving averages by 0.999 per update
# (kinetics-i3d ``i3d.py`` builds it with the defaults): PyTorch momentum 0.001
RELEASE_BN_MOMENTUM = 0.001


class Unit3D(nn.Module):
    """Conv3d (no bias) + BN + ReLU, as the release's ``Unit3D``.

    Args:
        bn_affine_scale: Learn BN's gamma. The release's ``snt.BatchNorm()``
            has the offset beta only; False keeps that: gamma stays a
            parameter (so SyncBN conversion and checkpoints see the usual
            BN) but is frozen at 1 (``requires_grad=False``).
        bn_momentum: PyTorch BN momentum (``RELEASE_BN_MOMENTUM``).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel: int = 1,
                 stride: int = 1, tf_same: bool = False,
                 bn_affine_scale: bool = False, temporal: bool = True,
                 bn_momentum: float = RELEASE_BN_MOMENTUM):
        super().__init__()
        self.kernel = (kernel if temporal else 1, kernel, kernel)
        self.stride = (stride if temporal else 1, stride, stride)
        self.tf_same = tf_same
        self.conv = Conv3d(in_channels, out_channels, self.kernel,
                           self.stride,
                           0 if tf_same else tuple(k // 2
                                                   for k in self.kernel),
                           bias=False)
        self.bn = nn.BatchNorm3d(out_channels, eps=1e-3, momentum=bn_momentum)
        self.bn.weight.requires_grad_(bn_affine_scale)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.tf_same:
            x = pad_same(x, self.kernel, self.stride)
        return F.relu(self.bn(self.conv(x)))


class InceptionBlock3d(nn.Module):
    """Mixed block: 1x1 | 1x1 -> 3x3x3 | 1x1 -> 3x3x3 | 3x3x3 max-pool
    (stride 1) -> 1x1, concatenated."""

    def __init__(self, spec: Sequence[int], **unit):
        super().__init__()
        c_in, b0, b1a, b1b, b2a, b2b, b3 = spec
        tf_same, temporal = unit['tf_same'], unit['temporal']
        self.branch0 = Unit3D(c_in, b0, **unit)
        self.branch1 = nn.Sequential(Unit3D(c_in, b1a, **unit),
                                     Unit3D(b1a, b1b, 3, **unit))
        self.branch2 = nn.Sequential(Unit3D(c_in, b2a, **unit),
                                     Unit3D(b2a, b2b, 3, **unit))
        self.branch3 = nn.Sequential(
            MaxPool3dSame((3 if temporal else 1, 3, 3), (1, 1, 1), tf_same),
            Unit3D(c_in, b3, **unit))
        self.out_channels = b0 + b1b + b2b + b3

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.branch0(x), self.branch1(x), self.branch2(x),
                          self.branch3(x)], dim=1)


@MODELS.register_module()
class InceptionI3D(BaseModule):
    """I3D up to Mixed_5c: (N, C, T, H, W) -> (N, 1024, T/8, H/32, W/32).

    Args:
        in_channels: 3 for RGB, 2 for flow (x, y).
        tf_same_padding: TensorFlow 'SAME' padding (asymmetric at stride 2)
            to reproduce official checkpoints exactly; symmetric padding
            (same output sizes) otherwise.
        bn_affine_scale: Learn BN gamma too (PyTorch ports do: 12.70M
            trainable parameters for RGB at 400 classes instead of 12.69M;
            otherwise gamma is frozen at 1).
        bn_momentum: BN momentum; 0.001 is the release's (Sonnet decay
            0.999, ``RELEASE_BN_MOMENTUM``), made for 64-replica Kinetics
            training of 115k (RGB) / 155k (flow) steps (kinetics-i3d
            README). Short schedules need more: after k
            updates a running statistic still holds 0.999^k of its initial
            value (0.47 after 750 steps), so evaluation would use stale
            statistics; use e.g. 0.1 there, or ``PreciseBNHook``.
        temporal: False gives the 2D Inception-V1 applied to every frame
            (every kernel and stride 1 in time): the network I3D is
            inflated from (Sec. 2.4), with the same parameter names.
    """

    def __init__(self, in_channels: int = 3, tf_same_padding: bool = False,
                 bn_affine_scale: bool = False, temporal: bool = True,
                 bn_momentum: float = RELEASE_BN_MOMENTUM, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if not 0.0 < bn_momentum <= 1.0:
            raise ValueError(f'InceptionI3D: bn_momentum={bn_momentum}; '
                             'expected a value in (0, 1] (release: '
                             f'{RELEASE_BN_MOMENTUM})')
        unit = dict(tf_same=tf_same_padding, bn_affine_scale=bn_affine_scale,
                    temporal=temporal, bn_momentum=bn_momentum)
        layers = [('Conv3d_1a_7x7', Unit3D(in_channels, 64, 7, 2, **unit))]
        layers.append(('MaxPool3d_2a_3x3', None))
        layers += [('Conv3d_2b_1x1', Unit3D(64, 64, 1, **unit)),
                   ('Conv3d_2c_3x3', Unit3D(64, 192, 3, **unit)),
                   ('MaxPool3d_3a_3x3', None)]
        for name, spec in MIXED.items():
            if name == 'Mixed_4b':
                layers.append(('MaxPool3d_4a_3x3', None))
            if name == 'Mixed_5b':
                layers.append(('MaxPool3d_5a_2x2', None))
            layers.append((name, InceptionBlock3d(spec, **unit)))
        self.endpoints = nn.ModuleDict()
        for name, module in layers:
            if module is None:
                kernel, stride = POOLS[name]
                if not temporal:
                    kernel, stride = (1, ) + kernel[1:], (1, ) + stride[1:]
                module = MaxPool3dSame(kernel, stride, tf_same_padding)
            self.endpoints[name] = module
        self.out_channels = 1024

    def forward(self, x: torch.Tensor,
                until: Optional[str] = None) -> torch.Tensor:
        # [N, C, T, H, W] -> [N, 1024, T/8, H/32, W/32] (or an endpoint)
        for name, module in self.endpoints.items():
            x = module(x)
            if name == until:
                break
        return x
