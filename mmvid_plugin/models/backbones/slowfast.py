"""SlowFast networks, Feichtenhofer et al., ICCV 2019 (Sec. 3, Table 1,
Table 5), on the video-ResNet family's bottlenecks: a Slow pathway (T
frames, C channels) and a Fast pathway (alpha T frames, beta C channels,
no temporal downsampling anywhere) joined by lateral connections from Fast
to Slow after pool1, res2, res3 and res4.

Lateral connection types (Sec. 3.4, Table 5a): 'time_to_channel' (pack
alpha frames into channels: {alpha T, S^2, beta C} -> {T, S^2, alpha beta
C}), 'time_strided_sampling' (keep one frame in alpha) and
'time_strided_conv' (a k x 1 x 1 conv with stride alpha to 2 beta C
channels, + BN + ReLU; the default, k = 5 in the release's
``SLOWFAST_4x16_R50.yaml`` (``FUSION_KERNEL_SZ: 5``; the paper's 5 x 1 x 1 as
recalled), 7 in its ``SLOWFAST_8x8_R50.yaml``; ``FuseFastToSlow`` in
``slowfast/models/video_model_builder.py``), fused by concatenation
(default) or summation.
"""
from typing import Tuple

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from mmvid_plugin.utils import check_choice

from ..layers import Conv3d
from .video_resnet import (DEPTHS, Bottleneck3d, init_residual_network,
                           residual_stage, stem_conv)

LATERALS = ('time_to_channel', 'time_strided_sampling', 'time_strided_conv')
FUSIONS = ('concat', 'sum')
PATHWAYS = ('slowfast', 'slow', 'fast')
SLOW_SAMPLINGS = ('strided', 'linspace')
# temporal kernel of each pathway's stem conv and of the first conv of
# every res2..res5 bottleneck, Table 1
TEMPORAL_KERNELS = {'slow': (1, 1, 1, 3, 3), 'fast': (5, 3, 3, 3, 3)}


class Lateral(nn.Module):
    """Fast -> Slow: one of the three transformations of Table 5a."""

    def __init__(self, kind: str, fast_channels: int, alpha: int,
                 kernel: int, channel_ratio: int, out_channels: int,
                 eps: float, norm: bool = True):
        super().__init__()
        self.kind, self.alpha = kind, alpha
        if kind == 'time_strided_conv':
            self.conv = Conv3d(fast_channels, out_channels, (kernel, 1, 1),
                               (alpha, 1, 1), (kernel // 2, 0, 0),
                               bias=False)
            self.bn = nn.BatchNorm3d(out_channels, eps=eps) if norm \
                else None
        self.out_channels = {
            'time_to_channel': fast_channels * alpha,
            'time_strided_sampling': fast_channels,
            'time_strided_conv': out_channels}[kind]

    def forward(self, fast: torch.Tensor) -> torch.Tensor:
        # [N, beta C, alpha T, H, W] -> [N, C', T, H, W]
        if self.kind == 'time_strided_conv':
            out = self.conv(fast)
            return out if self.bn is None else torch.relu(self.bn(out))
        if self.kind == 'time_strided_sampling':
            return fast[:, :, ::self.alpha]
        n, c, t, h, w = fast.shape  # time_to_channel
        frames = fast.reshape(n, c, t // self.alpha, self.alpha, h, w)
        return frames.transpose(2, 3).reshape(n, c * self.alpha,
                                              t // self.alpha, h, w)


def pathway_stem(*, temporal_kernel: int, width: int, eps: float,
                 in_channels: int = 3) -> nn.Sequential:
    """conv1 k_t x 7 x 7 / (1, 2, 2) + BN + ReLU + max-pool 1x3x3 /
    (1, 2, 2)."""
    stem = stem_conv(temporal_kernel=temporal_kernel, temporal_stride=1,
                     width=width, eps=eps, in_channels=in_channels)
    stem.append(nn.MaxPool3d((1, 3, 3), (1, 2, 2), (0, 1, 1)))
    return stem


def pathway_stage(*, in_planes: int, planes: int, count: int,
                  spatial_stride: int, temporal_kernel: int,
                  eps: float) -> Tuple[nn.Sequential, int]:
    """``count`` bottlenecks with 1x3x3 convs, the first conv k_t x 1 x 1
    in every block; never strides in time."""
    return residual_stage(
        Bottleneck3d, in_planes=in_planes, planes=planes, count=count,
        maker='2d', temporal_stride=1, spatial_stride=spatial_stride,
        eps=eps, temporal_kernels=(temporal_kernel, ) * count)


@MODELS.register_module()
class SlowFastResNet(BaseModule):
    """Slow and Fast ResNet-50 / 101 pathways with lateral connections.

    Input (N, 3, alpha T, H, W): the Fast pathway's frames; the Slow
    pathway takes every alpha-th. Output (slow, fast) maps for
    MMAction2's ``SlowFastHead`` (2048 + 256 channels at R50); with
    ``pathways`` 'slow' or 'fast' the one map, as MMAction2's
    ``ResNet3dSlowOnly`` gives its heads (``pathway_maps`` always gives
    a tuple).

    Args:
        depth: 50 or 101.
        alpha: Frame-rate ratio (8 for 4x16, 4 for 8x8).
        beta_inv: 1 / beta, the Fast pathway's channel ratio (8).
        lateral: One of ``LATERALS``.
        lateral_kernel: Temporal kernel of 'time_strided_conv' (5 in the
            release's 4x16 config and, as recalled, in the paper; its 8x8
            config uses 7).
        lateral_norm: BN + ReLU after the 'time_strided_conv' conv (True,
            as PySlowFast's ``FuseFastToSlow``); False: the conv alone, as
            MMAction2's ``ResNet3dPathway`` (``resnet3d_slowfast.py``:
            ``lateral_norm=False`` by default, ``norm_cfg`` / ``act_cfg``
            None in ``conv1_lateral`` and ``layerX_lateral``), for its
            checkpoints.
        lateral_channel_ratio: 'time_strided_conv' outputs this times the
            Fast channels (2: 2 beta C).
        fusion: 'concat' or 'sum' (sum needs the lateral to give the Slow
            pathway's channel count).
        pathways: 'slowfast', 'slow' (Slow-only) or 'fast' (Fast-only).
        base_channels: Slow conv1 width (64); a smaller value is a
            CPU-sized model, not the paper's.
        in_channels: Input channels of both pathways (3 RGB, 2 flow).
        slow_sampling: How the Slow pathway takes its T frames from the
            alpha T input frames: 'strided' (every alpha-th, frames 0,
            alpha, 2 alpha, ...) or 'linspace' (PySlowFast's
            ``pack_pathway_output`` in ``slowfast/datasets/utils.py``:
            ``linspace(0, alpha T - 1, T)`` truncated, e.g. frames 0, 10,
            20, 31 of 32 at alpha 8), for its checkpoints.
        zero_init_final_bn: ``init_weights`` starts the last BN of every
            bottleneck at gamma 0, as PySlowFast (``ZERO_INIT_FINAL_BN:
            True`` in SLOWFAST_4x16_R50.yaml / SLOWFAST_8x8_R50.yaml); convs
            are kaiming normal (fan out) as its ``c2_msra_fill``.
    """

    def __init__(self, depth: int = 50, alpha: int = 8, beta_inv: int = 8,
                 lateral: str = 'time_strided_conv', lateral_kernel: int = 5,
                 lateral_channel_ratio: int = 2, lateral_norm: bool = True,
                 fusion: str = 'concat',
                 pathways: str = 'slowfast', bn_eps: float = 1e-5,
                 base_channels: int = 64, in_channels: int = 3,
                 zero_init_final_bn: bool = True,
                 slow_sampling: str = 'strided', init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        for name, value, choices in (
                ('depth', depth, (50, 101)), ('lateral', lateral, LATERALS),
                ('fusion', fusion, FUSIONS), ('pathways', pathways, PATHWAYS),
                ('slow_sampling', slow_sampling, SLOW_SAMPLINGS)):
            check_choice('SlowFastResNet', name, value, choices)
        _, blocks = DEPTHS[depth]
        self.alpha, self.pathways, self.fusion = alpha, pathways, fusion
        self.zero_init_final_bn = zero_init_final_bn
        self.slow_sampling = slow_sampling
        slow_width, fast_width = base_channels, base_channels // beta_inv
        use_slow, use_fast = pathways != 'fast', pathways != 'slow'
        fused = pathways == 'slowfast'
        slow_kernels = TEMPORAL_KERNELS['slow']
        fast_kernels = TEMPORAL_KERNELS['fast']
        self.slow_stem = pathway_stem(
            temporal_kernel=slow_kernels[0], width=slow_width, eps=bn_eps,
            in_channels=in_channels) if use_slow else None
        self.fast_stem = pathway_stem(
            temporal_kernel=fast_kernels[0], width=fast_width, eps=bn_eps,
            in_channels=in_channels) if use_fast else None
        self.slow_stages, self.fast_stages = nn.ModuleList(), nn.ModuleList()
        self.laterals = nn.ModuleList()
        slow_in, fast_in = slow_width, fast_width
        for index, count in enumerate(blocks):
            spatial = 1 if index == 0 else 2
            lateral_in = 0
            if fused:  # a lateral after the stem and after res2..res4
                module = Lateral(lateral, fast_in, alpha, lateral_kernel,
                                 lateral_channel_ratio,
                                 lateral_channel_ratio * fast_in, bn_eps,
                                 lateral_norm)
                if fusion == 'sum' and module.out_channels != slow_in:
                    raise ValueError(
                        f'SlowFastResNet: fusion=sum needs the {lateral} '
                        f'lateral to give {slow_in} channels, it gives '
                        f'{module.out_channels}; use fusion=concat')
                self.laterals.append(module)
                lateral_in = module.out_channels if fusion == 'concat' else 0
            if use_slow:
                stage, slow_in = pathway_stage(
                    in_planes=slow_in + lateral_in,
                    planes=slow_width * 2**index, count=count,
                    spatial_stride=spatial,
                    temporal_kernel=slow_kernels[index + 1], eps=bn_eps)
                self.slow_stages.append(stage)
            if use_fast:
                stage, fast_in = pathway_stage(
                    in_planes=fast_in, planes=fast_width * 2**index,
                    count=count, spatial_stride=spatial,
                    temporal_kernel=fast_kernels[index + 1], eps=bn_eps)
                self.fast_stages.append(stage)
        self.out_channels = (slow_in if use_slow else 0) + (
            fast_in if use_fast else 0)

    def init_weights(self) -> None:
        super().init_weights()
        if self.init_cfg is None:
            init_residual_network(self, self.zero_init_final_bn)

    def _fuse(self, slow: torch.Tensor, fast: torch.Tensor,
              index: int) -> torch.Tensor:
        lateral = self.laterals[index](fast)
        if lateral.shape[2] != slow.shape[2]:
            raise ValueError(
                f'SlowFastResNet: the lateral gives T = {lateral.shape[2]} '
                f'but the Slow pathway has T = {slow.shape[2]}; the Fast '
                f'input needs a multiple of alpha = {self.alpha} frames')
        if self.fusion == 'sum':
            return slow + lateral
        return torch.cat([slow, lateral], dim=1)

    def _slow_frames(self, x: torch.Tensor) -> torch.Tensor:
        if self.slow_sampling == 'strided':
            return x[:, :, ::self.alpha]
        frames = x.shape[2]
        index = torch.linspace(0, frames - 1, frames // self.alpha).long()
        return x.index_select(2, index.to(x.device))

    def pathway_maps(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """One map per built pathway, Slow first: (slow, fast), (slow, )
        or (fast, )."""
        # [N, 3, alpha T, H, W] -> slow [N, 2048, T, H/32, W/32],
        #                          fast [N, 256, alpha T, H/32, W/32]
        slow = self.slow_stem(self._slow_frames(x)) if self.slow_stem \
            else None
        fast = self.fast_stem(x) if self.fast_stem else None
        for index in range(len(self.slow_stages or self.fast_stages)):
            if self.laterals:
                slow = self._fuse(slow, fast, index)
            if slow is not None:
                slow = self.slow_stages[index](slow)
            if fast is not None:
                fast = self.fast_stages[index](fast)
        return tuple(m for m in (slow, fast) if m is not None)

    def forward(self, x: torch.Tensor):
        """(slow, fast) for ``SlowFastHead``; with one pathway built, its
        map alone, for single-input heads (MMAction2's ``I3DHead``)."""
        maps = self.pathway_maps(x)
        return maps if self.pathways == 'slowfast' else maps[0]
