"""One video-ResNet family: R2D, f-R2D, R3D, MCx, rMCx, R(2+1)D (Tran et al.,
"A Closer Look at Spatiotemporal Convolutions for Action Recognition",
CVPR 2018, Sec. 3 and Table 2) and C2D / I3D-R50 (Wang et al., "Non-local
Neural Networks", CVPR 2018, Sec. 4 and Table 1).

A variant is a stem, one 3x3 conv maker per stage ('3d', '2d', '2plus1d';
``layers/conv_makers.py``), the temporal stride of each stage's first block
and, for bottleneck nets, a temporal-kernel table of every block's first
1x1 conv (PySlowFast's idea): ``VARIANTS`` below holds them all.
"""
from typing import Dict, Optional, Sequence, Tuple, Union

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from mmvid_plugin.utils import check_choice

from ..layers import (CONV_MAKERS, TEMPORAL_MAKERS, Conv2Plus1D, Conv3d,
                      NonLocalBlock3d, midplanes)

DEPTHS = {18: ('basic', (2, 2, 2, 2)), 34: ('basic', (3, 4, 6, 3)),
          50: ('bottleneck', (3, 4, 6, 3)),
          101: ('bottleneck', (3, 4, 23, 3))}

# (kernel, stride) of a max-pool
Pool = Tuple[Tuple[int, int, int], Tuple[int, int, int]]
# pool1, pool2 of each block kind's releases: none in VMZ's ResNet-18 / 34
# (``use_pool1=False``), the non-local release's (``resnet_video_org.py``)
# at 50 / 101
POOLS: Dict[str, Tuple[Optional[Pool], Optional[Pool]]] = {
    'basic': (None, None),
    'bottleneck': (((2, 3, 3), (2, 2, 2)), ((2, 1, 1), (2, 1, 1)))}

# Temporal kernel of every bottleneck's first 1x1 conv (Caffe2 "branch2a",
# PySlowFast ``temp_kernel``), one pattern per stage res2..res5; a stage
# with more blocks repeats its pattern. No inflation: all 1.
FLAT_TEMPORAL_KERNELS = ((1, ), ) * 4
# I3D's 3x1x1 inflation (non-local release, ``resnet_video.py``
# ``obtain_arc`` ``use_temp_convs``): res2 all, res3 / res4 every other,
# res5 the middle one (ResNet-101's res4: ``i % 2 == 0`` over 23 blocks,
# arc 4).
I3D_TEMPORAL_KERNELS = ((3, 3, 3), (3, 1, 3, 1), (3, 1, 3, 1, 3, 1),
                        (1, 3, 1))


def repeat_pattern(pattern: Sequence[int], count: int) -> Tuple[int, ...]:
    """``pattern`` repeated cyclically to ``count`` entries."""
    return tuple(pattern[b % len(pattern)] for b in range(count))


VARIANTS: Dict[str, dict] = {
    # Tran et al. Table 2 (ResNet-18 / 34); no pool1, BN eps 1e-3 (VMZ)
    'r2d': dict(stem='collapse', makers=('2d', ) * 4),
    'f-r2d': dict(stem='frame', makers=('2d', ) * 4),
    'r3d': dict(stem='3d', makers=('3d', ) * 4),
    'mc2': dict(stem='3d', makers=('2d', ) * 4),
    'mc3': dict(stem='3d', makers=('3d', '2d', '2d', '2d')),
    'mc4': dict(stem='3d', makers=('3d', '3d', '2d', '2d')),
    'mc5': dict(stem='3d', makers=('3d', '3d', '3d', '2d')),
    'rmc2': dict(stem='frame', makers=('3d', ) * 4),
    'rmc3': dict(stem='frame', makers=('2d', '3d', '3d', '3d')),
    'rmc4': dict(stem='frame', makers=('2d', '2d', '3d', '3d')),
    'rmc5': dict(stem='frame', makers=('2d', '2d', '2d', '3d')),
    'r2plus1d': dict(stem='2plus1d', makers=('2plus1d', ) * 4),
    # PyTorchVideo's bottleneck R(2+1)D-50 (models/r2plus1d.py
    # create_r2plus1d): 1x7x7 stem, temporal-first (2+1)D convs
    'r2plus1d-tfirst': dict(stem='frame', makers=('2plus1d-tfirst', ) * 4),
    # Wang et al. (ResNet-50 / 101): 2D 3x3 convs, stem + pools in time
    'c2d': dict(stem='c2d', makers=('2d', ) * 4),
    'i3d': dict(stem='i3d', makers=('2d', ) * 4,
                temporal_kernels=I3D_TEMPORAL_KERNELS),
}

# (temporal kernel, temporal stride) of each k_t x 7 x 7 stem; None: the
# network's ``num_frames`` / ``stem_temporal_stride``
STEMS = {'3d': (3, 1), 'frame': (1, 1), 'collapse': (None, 1),
         'c2d': (1, None), 'i3d': (5, None)}


def batch_norm3d(planes: int, eps: float) -> nn.BatchNorm3d:
    return nn.BatchNorm3d(planes, eps=eps)


def projection(in_planes: int, out_planes: int, maker: str,
               temporal_stride: int, spatial_stride: int,
               eps: float) -> Optional[nn.Module]:
    """1x1x1 conv + BN shortcut when the shape changes, else None (2D
    stages never stride in time)."""
    t = temporal_stride if maker in TEMPORAL_MAKERS else 1
    stride = (t, spatial_stride, spatial_stride)
    if in_planes == out_planes and stride == (1, 1, 1):
        return None
    return nn.Sequential(
        Conv3d(in_planes, out_planes, 1, stride, bias=False),
        batch_norm3d(out_planes, eps))


class BasicBlock3d(nn.Module):
    """Two 3x3 convs of the stage's maker (ResNet-18 / 34).

    Args:
        block_midplanes: Use the block's (in, planes) midplanes for both
            (2+1)D convs, as torchvision's ``r2plus1d_18`` does; VMZ's
            ``add_conv`` (and, as recalled, the paper's Sec. 3.5) computes
            them per conv.
    """
    expansion = 1

    def __init__(self, in_planes: int, planes: int, *, maker: str,
                 temporal_stride: int, spatial_stride: int, eps: float,
                 block_midplanes: bool = False):
        super().__init__()
        make = CONV_MAKERS[maker]
        extra = dict(eps=eps)
        if maker == '2plus1d' and block_midplanes:
            extra['mid_planes'] = midplanes(in_planes, planes)
        self.conv1 = make(in_planes, planes, temporal_stride, spatial_stride,
                          **extra)
        self.bn1 = batch_norm3d(planes, eps)
        self.conv2 = make(planes, planes, 1, 1, **extra)
        self.bn2 = batch_norm3d(planes, eps)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = projection(in_planes, planes, maker,
                                     temporal_stride, spatial_stride, eps)

    @property
    def final_bn(self) -> nn.BatchNorm3d:
        """The BN before the residual sum (zero-initialised on request)."""
        return self.bn2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class Bottleneck3d(nn.Module):
    """k_t x 1 x 1 -> 3x3 of the stage's maker (stride) -> 1x1x1 (x4),
    ResNet-50 / 101.

    Args:
        temporal_kernel: k_t of the first conv (an entry of a
            temporal-kernel table).
    """
    expansion = 4

    def __init__(self, in_planes: int, planes: int, *, maker: str,
                 temporal_stride: int, spatial_stride: int, eps: float,
                 temporal_kernel: int = 1):
        super().__init__()
        out_planes = planes * self.expansion
        self.conv1 = Conv3d(in_planes, planes, (temporal_kernel, 1, 1),
                            padding=(temporal_kernel // 2, 0, 0), bias=False)
        self.bn1 = batch_norm3d(planes, eps)
        self.conv2 = CONV_MAKERS[maker](planes, planes, temporal_stride,
                                        spatial_stride, eps=eps)
        self.bn2 = batch_norm3d(planes, eps)
        self.conv3 = Conv3d(planes, out_planes, 1, bias=False)
        self.bn3 = batch_norm3d(out_planes, eps)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = projection(in_planes, out_planes, maker,
                                     temporal_stride, spatial_stride, eps)

    @property
    def final_bn(self) -> nn.BatchNorm3d:
        """The BN before the residual sum (zero-initialised on request)."""
        return self.bn3

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)) + identity)


def residual_stage(block, *, in_planes: int, planes: int, count: int,
                   maker: str, temporal_stride: int, spatial_stride: int,
                   eps: float, temporal_kernels: Sequence[int] = (),
                   nonlocal_positions: Sequence[int] = (),
                   nonlocal_cfg: Optional[dict] = None,
                   **block_options) -> Tuple[nn.Sequential, int]:
    """``count`` blocks (the first one strides), non-local blocks after the
    listed positions; returns the stage and its output width.

    ``temporal_kernels`` gives each bottleneck its ``temporal_kernel``
    (empty for basic blocks); ``block_options`` go to every block.
    """
    layers = []
    for b in range(count):
        first = b == 0
        options = dict(block_options)
        if temporal_kernels:
            options['temporal_kernel'] = temporal_kernels[b]
        layers.append(
            block(in_planes, planes, maker=maker,
                  temporal_stride=temporal_stride if first else 1,
                  spatial_stride=spatial_stride if first else 1, eps=eps,
                  **options))
        in_planes = planes * block.expansion
        if b in nonlocal_positions:
            layers.append(NonLocalBlock3d(in_planes, **(nonlocal_cfg or {})))
    return nn.Sequential(*layers), in_planes


def stem_conv(*, temporal_kernel: int, temporal_stride: int, width: int,
              eps: float, in_channels: int = 3,
              temporal_padding: Optional[int] = None) -> nn.Sequential:
    """conv1: k_t x 7 x 7 conv, spatial stride 2 (padded k_t // 2 in time
    by default), + BN + ReLU."""
    if temporal_padding is None:
        temporal_padding = temporal_kernel // 2
    return nn.Sequential(
        Conv3d(in_channels, width, (temporal_kernel, 7, 7),
               (temporal_stride, 2, 2), (temporal_padding, 3, 3),
               bias=False), batch_norm3d(width, eps),
        nn.ReLU(inplace=True))


def stem_2plus1d(*, width: int, eps: float, in_channels: int = 3,
                 mid_planes: Optional[int] = None) -> nn.Sequential:
    """R(2+1)D's conv1: 1x7x7 (spatial stride 2) -> BN -> ReLU -> 3x1x1,
    + BN + ReLU; M = 45 at width 64 (hard-coded in VMZ's release)."""
    mid = mid_planes or 45 * width // 64
    return nn.Sequential(
        Conv3d(in_channels, mid, (1, 7, 7), (1, 2, 2), (0, 3, 3),
               bias=False),
        batch_norm3d(mid, eps), nn.ReLU(inplace=True),
        Conv3d(mid, width, (3, 1, 1), (1, 1, 1), (1, 0, 0), bias=False),
        batch_norm3d(width, eps), nn.ReLU(inplace=True))


def variant_stem(kind: str, *, num_frames: int, temporal_stride: int,
                 width: int, eps: float, in_channels: int = 3,
                 mid_planes: Optional[int] = None) -> nn.Sequential:
    """conv1 (+ BN + ReLU) of a variant's ``stem`` kind (``mid_planes``:
    the (2+1)D stem's M)."""
    if kind == '2plus1d':
        return stem_2plus1d(width=width, eps=eps, in_channels=in_channels,
                            mid_planes=mid_planes)
    kernel, stride = STEMS[kind]
    return stem_conv(
        temporal_kernel=num_frames if kernel is None else kernel,
        temporal_stride=temporal_stride if stride is None else stride,
        width=width, eps=eps, in_channels=in_channels,
        temporal_padding=0 if kind == 'collapse' else None)


def projection_pair(conv: nn.Conv3d, eps: float) -> nn.Sequential:
    """A 1x1x1 shortcut conv as a (2+1)D pair: 1x1x1 (spatial stride) ->
    BN -> ReLU -> 1x1x1 (temporal stride), M = floor(3 in out / (in + 3
    out)) (MMAction2 ``Conv2plus1d`` with kernel 1)."""
    planes_in, planes_out = conv.in_channels, conv.out_channels
    mid = midplanes(planes_in, planes_out, 3, 1)
    t, s = conv.stride[0], conv.stride[1]
    return nn.Sequential(
        Conv3d(planes_in, mid, 1, (1, s, s), bias=False),
        batch_norm3d(mid, eps), nn.ReLU(inplace=True),
        Conv3d(mid, planes_out, 1, (t, 1, 1), bias=False))


def init_residual_network(module: nn.Module,
                          zero_init_final_bn: bool) -> None:
    """ResNet-style init, as PySlowFast ``weight_init_helper.init_weights``
    and torchvision: convs kaiming normal (fan out, ReLU; Caffe2's
    ``msra_fill``), BN gamma 1 and beta 0, optionally gamma 0 in the last BN
    of every residual block (each block then starts as the identity);
    non-local blocks keep their own init."""
    for m in module.modules():
        if isinstance(m, nn.Conv3d):
            nn.init.kaiming_normal_(m.weight, mode='fan_out',
                                    nonlinearity='relu')
        elif isinstance(m, nn.BatchNorm3d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
    for m in module.modules():
        if zero_init_final_bn and isinstance(m, (BasicBlock3d, Bottleneck3d)):
            nn.init.zeros_(m.final_bn.weight)
        if isinstance(m, NonLocalBlock3d):
            m.init_weights()


def check_per_stage(owner: str, name: str, value: Sequence,
                    stages: int = 4) -> None:
    """A per-stage argument needs one entry per stage (res2..res5)."""
    if len(value) != stages:
        raise ValueError(f'{owner}: {name} has {len(value)} entries '
                         f'({tuple(value)}); expected {stages}, one per '
                         'stage res2..res5')


@MODELS.register_module()
class VideoResNet(BaseModule):
    """Video ResNet of one ``variant`` and ``depth``.

    Input (N, 3, T, H, W); output the last stage's map (N, C, T', H', W').

    Args:
        variant: One of ``VARIANTS``: 'r2d', 'f-r2d', 'r3d', 'mc2'…'mc5',
            'rmc2'…'rmc5', 'r2plus1d' (Tran et al.), 'c2d', 'i3d'
            (Wang et al.), 'r2plus1d-tfirst' (PyTorchVideo's R(2+1)D-50:
            1x7x7 stem, 3x1x1 before 1x3x3 in every (2+1)D conv).
        depth: 18, 34 (basic blocks) or 50, 101 (bottlenecks).
        num_frames: L; only R2D's conv1 (L x 7 x 7) depends on it.
        temporal_strides: Temporal stride of each stage's first block,
            applied only in 3D / (2+1)D stages (Tran et al.: conv3_1, conv4_1,
            conv5_1).
        spatial_strides: Spatial stride of each stage's first block
            (res2 1 after a pooled stem; PyTorchVideo's R(2+1)D-50 has no
            pool1 and strides res2 by 2: ``stage_spatial_stride=(2, 2, 2,
            2)`` of ``pytorchvideo/models/r2plus1d.py``).
        stem_temporal_stride: conv1's temporal stride for 'c2d' / 'i3d'
            (2 in the non-local paper's 32-frame setting).
        pool1: (kernel, stride) of the max-pool after conv1, None (or
            False) for none, True (default) for the depth's ``POOLS``
            entry: none for 18 / 34 (VMZ ``use_pool1=False``), ((2, 3, 3),
            (2, 2, 2)) for 50 / 101 (non-local release,
            ``resnet_video_org.py``; a 3-wide kernel is padded 1 here, the
            release's pool1 is unpadded: 56 x 56 after pool1 at 224 px
            here, 55 x 55 there).
        pool2: (kernel, stride) of the max-pool after res2, None (or
            False) for none, True (default) for the depth's ``POOLS``
            entry (non-local release: ((2, 1, 1), (2, 1, 1)) for 50 /
            101).
        block_midplanes: torchvision-compatible (2+1)D midplanes per block
            (loads ``r2plus1d_18`` weights; 1.87M fewer parameters at
            ResNet-18) instead of VMZ's per-conv value.
        bn_eps: Epsilon of every BN, (2+1)D middle BNs included (1e-3 as
            VMZ for 18 / 34, 1e-5 for 50 / 101 as PySlowFast when None).
        nonlocal_blocks: Per stage (res2..res5), the 0-based block indices
            followed by a non-local block. The non-local paper's 5 blocks:
            ((), (1, 3), (1, 3, 5), ()); 10 blocks: every res3 and res4
            block.
        nonlocal_cfg: Keyword arguments of ``NonLocalBlock3d`` (mode etc.).
        base_channels: Width of conv1 and res2 (64); stages double it. A
            smaller value is a CPU-sized model, not the paper's.
        in_channels: 3 for RGB, 2 for one optical-flow field per frame
            (Tran et al. Table 4's flow R(2+1)D); RGB weights initialise
            other inputs through the cross-modality init
            (``weights/cross_modality.py``, ``CrossModalityInitHook``).
        zero_init_final_bn: Start the last BN of every residual block at
            gamma 0 in ``init_weights``. None: True for bottleneck depths
            (PySlowFast ``ZERO_INIT_FINAL_BN: True`` in
            ``configs/Kinetics/C2D_8x8_R50.yaml`` /
            I3D_8x8_R50.yaml; non-local release ``BN_INIT_GAMMA: 0.0``),
            False for 18 / 34 (VMZ and torchvision keep gamma 1).
        stem_midplanes: M of the '2plus1d' stem (None: 45, VMZ). MMAction2's
            ``ResNet2Plus1d`` computes it for its 3x7x7 conv1 as for any
            conv (``models/common/conv2plus1d.py`` ``Conv2plus1d``): 83.
        mid_bn_eps: Epsilon of the BN inside every (2+1)D conv (stem and
            (2+1)D shortcuts included; None: ``bn_eps``). MMAction2's
            ``Conv2plus1d`` builds that BN with its default
            ``dict(type='BN3d')`` (1e-5) whatever the network's
            ``norm_cfg`` (1e-3 in its R(2+1)D-34).
        projection_2plus1d: Make every projection shortcut's 1x1x1 conv a
            (2+1)D pair (1x1x1 spatial-stride conv, BN, ReLU, 1x1x1
            temporal-stride conv; M = floor(3 in out / (in + 3 out))), as
            MMAction2's ``ResNet3d._make_res_layer`` builds the downsample
            with the network's ``conv_cfg`` (``Conv2plus1d``) in
            ``ResNet2Plus1d``. Default False (a plain 1x1x1 conv).
    """

    def __init__(self,
                 variant: str = 'r2plus1d',
                 depth: int = 18,
                 num_frames: int = 8,
                 temporal_strides: Sequence[int] = (1, 2, 2, 2),
                 spatial_strides: Sequence[int] = (1, 2, 2, 2),
                 stem_temporal_stride: int = 2,
                 pool1: Union[Pool, bool, None] = True,
                 pool2: Union[Pool, bool, None] = True,
                 block_midplanes: bool = False,
                 bn_eps: Optional[float] = None,
                 nonlocal_blocks: Sequence[Sequence[int]] = ((), (), (), ()),
                 nonlocal_cfg: Optional[dict] = None,
                 base_channels: int = 64,
                 in_channels: int = 3,
                 zero_init_final_bn: Optional[bool] = None,
                 stem_midplanes: Optional[int] = None,
                 mid_bn_eps: Optional[float] = None,
                 projection_2plus1d: bool = False,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        check_choice('VideoResNet', 'variant', variant, sorted(VARIANTS))
        check_choice('VideoResNet', 'depth', depth, sorted(DEPTHS))
        if in_channels < 1:
            raise ValueError(f'VideoResNet: in_channels={in_channels}; '
                             'expected >= 1 (3 RGB, 2 flow)')
        check_per_stage('VideoResNet', 'nonlocal_blocks', nonlocal_blocks)
        check_per_stage('VideoResNet', 'temporal_strides', temporal_strides)
        check_per_stage('VideoResNet', 'spatial_strides', spatial_strides)
        spec = VARIANTS[variant]
        block_kind, blocks = DEPTHS[depth]
        for index, positions in enumerate(nonlocal_blocks):
            if any(not 0 <= b < blocks[index] for b in positions):
                raise ValueError(
                    f'VideoResNet: nonlocal_blocks[{index}]={tuple(positions)}'
                    f' but res{index + 2} has blocks 0..{blocks[index] - 1}')
        bottleneck = block_kind == 'bottleneck'
        eps = bn_eps if bn_eps is not None else (1e-5 if bottleneck else 1e-3)
        default_pool1, default_pool2 = POOLS[block_kind]
        self.variant, self.depth = variant, depth
        self.zero_init_final_bn = bottleneck if zero_init_final_bn is None \
            else zero_init_final_bn
        self.stem = variant_stem(
            spec['stem'], num_frames=num_frames,
            temporal_stride=stem_temporal_stride, width=base_channels,
            eps=eps, in_channels=in_channels, mid_planes=stem_midplanes)
        self.pool1 = self._pool(default_pool1 if pool1 is True else pool1)
        self.pool2 = self._pool(default_pool2 if pool2 is True else pool2)
        temporal_kernels = spec.get('temporal_kernels', FLAT_TEMPORAL_KERNELS)
        in_planes = base_channels
        self.stages = nn.ModuleList()
        for index, (count, maker) in enumerate(zip(blocks, spec['makers'])):
            if bottleneck:
                block, options = Bottleneck3d, dict(
                    temporal_kernels=repeat_pattern(temporal_kernels[index],
                                                    count))
            else:
                block, options = BasicBlock3d, dict(
                    block_midplanes=block_midplanes)
            stage, in_planes = residual_stage(
                block, in_planes=in_planes,
                planes=base_channels * 2**index, count=count, maker=maker,
                temporal_stride=temporal_strides[index]
                if maker in TEMPORAL_MAKERS else 1,
                spatial_stride=spatial_strides[index], eps=eps,
                nonlocal_positions=nonlocal_blocks[index],
                nonlocal_cfg=nonlocal_cfg, **options)
            self.stages.append(stage)
        self.out_channels = in_planes
        if projection_2plus1d:
            for stage in self.stages:
                for block in stage:
                    if getattr(block, 'downsample', None) is not None:
                        block.downsample[0] = projection_pair(
                            block.downsample[0],
                            eps if mid_bn_eps is None else mid_bn_eps)
        if mid_bn_eps is not None:
            for m in self.modules():
                if isinstance(m, Conv2Plus1D):
                    m[1].eps = mid_bn_eps
            if spec['stem'] == '2plus1d':
                self.stem[1].eps = mid_bn_eps

    @staticmethod
    def _pool(spec: Union[Pool, bool, None]) -> Optional[nn.Module]:
        if not spec:
            return None
        kernel, stride = spec
        padding = tuple(k // 2 if k == 3 else 0 for k in kernel)
        return nn.MaxPool3d(kernel, stride, padding)

    def init_weights(self) -> None:
        super().init_weights()
        if self.init_cfg is None:
            init_residual_network(self, self.zero_init_final_bn)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, 3, T, H, W] -> [N, C, T', H', W']
        x = self.stem(x)
        if self.pool1 is not None:
            x = self.pool1(x)
        for index, stage in enumerate(self.stages):
            x = stage(x)
            if index == 0 and self.pool2 is not None:
                x = self.pool2(x)
        return x
