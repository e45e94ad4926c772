"""One video-ResNet family: R2D, f-R2D, R3D, MCx, rMCx, R(2+1)D (Tran et al.,
"A Closer Look at Spatiotemporal Convolutions for Action Recognition",
CVPR 2018, Sec. 3 and Table 2) and C2D / I3D-R50 (Wang et al., "Non-local
Neural Networks", CVPR 2018, Sec. 4 and Table 1).

A variant is a stem, one 3x3 conv maker per stage ('3d', '2d', '2plus1d';
``layers/conv_makers.py``), the temporal stride of each stage's first block
and, for bottleneck nets, a temporal-kernel table of every block's first
1x1 conv (PySlowFast's idea): ``VARIANTS`` below holds them all.
"""
from typing import Dict, Optional, Sequence, Tuple

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from ..layers import CONV_MAKERS, Conv3d, NonLocalBlock3d, midplanes
from ..layers.conv_makers import TEMPORAL_MAKERS, Conv2Plus1D

DEPTHS = {18: ('basic', (2, 2, 2, 2)), 34: ('basic', (3, 4, 6, 3)),
          50: ('bottleneck', (3, 4, 6, 3)),
          101: ('bottleneck', (3, 4, 23, 3))}

# I3D's 3x1x1 inflation of the bottlenecks' first conv (non-local release,
# ``resnet_video.py`` ``obtain_arc`` ``use_temp_convs``): res2 all, res3 /
# res4 every other, res5 the middle one; a stage with more blocks repeats
# its pattern (ResNet-101's res4: ``i % 2 == 0`` over 23 blocks, arc 4).
I3D_CONV_A = ((3, 3, 3), (3, 1, 3, 1), (3, 1, 3, 1, 3, 1), (1, 3, 1))


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
    'i3d': dict(stem='i3d', makers=('2d', ) * 4, conv_a=I3D_CONV_A),
}


def bn(planes: int, eps: float) -> nn.BatchNorm3d:
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
        bn(out_planes, eps))


class BasicBlock3d(nn.Module):
    """Two 3x3 convs of the stage's maker (ResNet-18 / 34).

    Args:
        block_midplanes: Use the block's (in, planes) midplanes for both
            (2+1)D convs, as torchvision's ``r2plus1d_18`` does; VMZ's
            ``add_conv`` (and, as recalled, the paper's Sec. 3.5) computes
            them per conv.
    """
    expansion = 1

    def __init__(self, in_planes: int, planes: int, maker: str,
                 temporal_stride: int, spatial_stride: int, eps: float,
                 conv_a_kernel: int = 1, block_midplanes: bool = False):
        super().__init__()
        del conv_a_kernel  # bottleneck only
        make = CONV_MAKERS[maker]
        extra = dict(eps=eps)
        if maker == '2plus1d' and block_midplanes:
            extra['mid_planes'] = midplanes(in_planes, planes)
        self.conv1 = make(in_planes, planes, temporal_stride, spatial_stride,
                          **extra)
        self.bn1 = bn(planes, eps)
        self.conv2 = make(planes, planes, 1, 1, **extra)
        self.bn2 = bn(planes, eps)
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
    """k_t x 1 x 1 (k_t from the temporal-kernel table) -> 3x3 of the
    stage's maker (stride) -> 1x1x1 (x4), ResNet-50 / 101."""
    expansion = 4

    def __init__(self, in_planes: int, planes: int, maker: str,
                 temporal_stride: int, spatial_stride: int, eps: float,
                 conv_a_kernel: int = 1, block_midplanes: bool = False):
        super().__init__()
        del block_midplanes  # basic blocks only
        out_planes = planes * self.expansion
        self.conv1 = Conv3d(in_planes, planes, (conv_a_kernel, 1, 1),
                            padding=(conv_a_kernel // 2, 0, 0), bias=False)
        self.bn1 = bn(planes, eps)
        self.conv2 = CONV_MAKERS[maker](planes, planes, temporal_stride,
                                        spatial_stride, eps=eps)
        self.bn2 = bn(planes, eps)
        self.conv3 = Conv3d(planes, out_planes, 1, bias=False)
        self.bn3 = bn(out_planes, eps)
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


def residual_stage(block, in_planes: int, planes: int, count: int,
                   maker: str, temporal_stride: int, spatial_stride: int,
                   eps: float, conv_a: Sequence[int],
                   block_midplanes: bool = False,
                   nonlocal_positions: Sequence[int] = (),
                   nonlocal_cfg: Optional[dict] = None
                   ) -> Tuple[nn.Sequential, int]:
    """``count`` blocks (the first one strides), non-local blocks after the
    listed positions; returns the stage and its output width."""
    layers = []
    for b in range(count):
        first = b == 0
        layers.append(
            block(in_planes, planes, maker, temporal_stride if first else 1,
                  spatial_stride if first else 1, eps,
                  conv_a_kernel=conv_a[b], block_midplanes=block_midplanes))
        in_planes = planes * block.expansion
        if b in nonlocal_positions:
            layers.append(NonLocalBlock3d(in_planes, **(nonlocal_cfg or {})))
    return nn.Sequential(*layers), in_planes


def stem_conv(in_channels: int, width: int, kernel_t: int, stride_t: int,
              eps: float, pad_t: Optional[int] = None) -> nn.Sequential:
    """k_t x 7 x 7 conv, spatial stride 2 (pad k_t // 2 in time by
    default), + BN + ReLU."""
    pad_t = kernel_t // 2 if pad_t is None else pad_t
    return nn.Sequential(
        Conv3d(in_channels, width, (kernel_t, 7, 7), (stride_t, 2, 2),
               (pad_t, 3, 3), bias=False), bn(width, eps),
        nn.ReLU(inplace=True))


def make_stem(kind: str, num_frames: int, eps: float,
              temporal_stride: int, width: int = 64,
              in_channels: int = 3,
              mid_planes: Optional[int] = None) -> nn.Sequential:
    """conv1 (+ BN + ReLU) of each variant; ``width`` output channels
    (``mid_planes``: the (2+1)D stem's M, else 45 at width 64)."""
    if kind == '2plus1d':  # 45 midplanes hard-coded in the release (at 64)
        mid = mid_planes or 45 * width // 64
        return nn.Sequential(
            Conv3d(in_channels, mid, (1, 7, 7), (1, 2, 2), (0, 3, 3),
                   bias=False),
            bn(mid, eps), nn.ReLU(inplace=True),
            Conv3d(mid, width, (3, 1, 1), (1, 1, 1), (1, 0, 0),
                   bias=False), bn(width, eps), nn.ReLU(inplace=True))
    kernel_t, stride_t = {
        '3d': (3, 1), 'frame': (1, 1), 'collapse': (num_frames, 1),
        'c2d': (1, temporal_stride), 'i3d': (5, temporal_stride)}[kind]
    return stem_conv(in_channels, width, kernel_t, stride_t, eps,
                     pad_t=0 if kind == 'collapse' else None)


def projection_pair(conv: nn.Conv3d, eps: float) -> nn.Sequential:
    """A 1x1x1 shortcut conv as a (2+1)D pair: 1x1x1 (spatial stride) ->
    BN -> ReLU -> 1x1x1 (temporal stride), M = floor(3 in out / (in + 3
    out)) (MMAction2 ``Conv2plus1d`` with kernel 1)."""
    planes_in, planes_out = conv.in_channels, conv.out_channels
    mid = midplanes(planes_in, planes_out, 3, 1)
    t, s = conv.stride[0], conv.stride[1]
    return nn.Sequential(
        Conv3d(planes_in, mid, 1, (1, s, s), bias=False), bn(mid, eps),
        nn.ReLU(inplace=True),
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
        pool1: (kernel, stride) of the max-pool after conv1, None for none.
            Default: none for depth 18 / 34 (VMZ ``use_pool1=False``),
            ((2, 3, 3), (2, 2, 2)) for 50 / 101 (non-local release,
            ``resnet_video_org.py``; a 3-wide kernel is padded 1 here, the
            release's pool1 is unpadded: 56 x 56 after pool1 at 224 px
            here, 55 x 55 there).
        pool2: (kernel, stride) of the max-pool after res2 (non-local
            release: ((2, 1, 1), (2, 1, 1)) for 50 / 101), None for none.
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
                 pool1='default',
                 pool2='default',
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
        if variant not in VARIANTS:
            raise ValueError(f'VideoResNet: variant={variant!r}; expected one'
                             f' of {sorted(VARIANTS)}')
        if depth not in DEPTHS:
            raise ValueError(f'VideoResNet: depth={depth}; expected one of '
                             f'{sorted(DEPTHS)}')
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
        if pool1 == 'default':
            pool1 = ((2, 3, 3), (2, 2, 2)) if bottleneck else None
        if pool2 == 'default':
            pool2 = ((2, 1, 1), (2, 1, 1)) if bottleneck else None
        self.variant, self.depth = variant, depth
        self.zero_init_final_bn = bottleneck if zero_init_final_bn is None \
            else zero_init_final_bn
        self.stem = make_stem(spec['stem'], num_frames, eps,
                              stem_temporal_stride, base_channels,
                              in_channels, stem_midplanes)
        self.pool1 = self._pool(pool1)
        self.pool2 = self._pool(pool2)
        block = Bottleneck3d if bottleneck else BasicBlock3d
        conv_a = spec.get('conv_a') or ((1, ), ) * 4
        in_planes = base_channels
        self.stages = nn.ModuleList()
        for index, (count, maker) in enumerate(zip(blocks, spec['makers'])):
            stage, in_planes = residual_stage(
                block, in_planes, base_channels * 2**index, count, maker,
                temporal_strides[index] if maker in TEMPORAL_MAKERS else 1,
                spatial_strides[index], eps,
                repeat_pattern(conv_a[index], count), block_midplanes,
                nonlocal_blocks[index], nonlocal_cfg)
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
    def _pool(spec) -> Optional[nn.Module]:
        if spec is None:
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
