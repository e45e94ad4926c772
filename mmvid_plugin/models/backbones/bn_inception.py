"""BN-Inception (Ioffe & Szegedy, "Batch Normalization", ICML 2015, Sec. 4.2
and the appendix table), the backbone of TSN (Wang et al., ECCV 2016, Sec.
3.2), with the layer specs of the official TSN release
(``models/ucf101/tsn_bn_inception_{rgb,flow}_train_val.prototxt``): every
conv has a bias and is followed by BN and ReLU, pooling rounds up as Caffe
does, and a 224 input ends at ``inception_5b/output`` 7x7x1024.
"""
from collections import OrderedDict
from typing import Optional

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from ...utils import check_choice

# Inception blocks in order, as the release's inception_3a ... inception_5b:
# name: (1x1, 3x3 reduce, 3x3, double 3x3 reduce, double 3x3, pool, pool proj)
# 1x1 = 0 marks the stride-2 blocks (3c, 4e): no 1x1 branch, the strided
# 3x3 and second double 3x3, and a 3x3/2 max-pool passed through unprojected.
BLOCKS = {
    'inception_3a': (64, 64, 64, 64, 96, 'avg', 32),
    'inception_3b': (64, 64, 96, 64, 96, 'avg', 64),
    'inception_3c': (0, 128, 160, 64, 96, 'max', 0),
    'inception_4a': (224, 64, 96, 96, 128, 'avg', 128),
    'inception_4b': (192, 96, 128, 96, 128, 'avg', 128),
    'inception_4c': (160, 128, 160, 128, 160, 'avg', 128),
    'inception_4d': (96, 128, 192, 160, 192, 'avg', 128),
    'inception_4e': (0, 128, 192, 192, 256, 'max', 0),
    'inception_5a': (352, 192, 320, 160, 224, 'avg', 128),
    'inception_5b': (352, 192, 320, 192, 224, 'max', 128),
}


def caffe_pool(kind: str, stride: int) -> nn.Module:
    """3x3 pooling as the release's ``Pooling`` layers: stride 2 unpadded,
    stride 1 padded by 1; output sizes rounded up (Caffe), and average
    pooling divides by the full window, padding included (Caffe, and
    PyTorch's ``count_include_pad=True``)."""
    padding = 1 if stride == 1 else 0
    if kind == 'max':
        return nn.MaxPool2d(3, stride, padding, ceil_mode=True)
    if kind == 'avg':
        return nn.AvgPool2d(3, stride, padding, ceil_mode=True,
                            count_include_pad=True)
    raise ValueError(f"caffe_pool: kind={kind!r}; expected 'avg' or 'max'")


class ConvBNReLU(nn.Module):
    """Conv (with bias, as every release conv), BN, ReLU: one release triple
    ``<name>``, ``<name>_bn``, ``relu_<name>``."""

    def __init__(self, in_channels: int, out_channels: int, kernel: int = 1,
                 stride: int = 1):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel, stride,
                              kernel // 2, bias=True)
        self.bn = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(self.bn(self.conv(x)))


class BNInceptionBlock(nn.Module):
    """One inception block of the BN-Inception table: 1x1 | 1x1 -> 3x3 |
    1x1 -> 3x3 -> 3x3 | 3x3 pool (-> 1x1), concatenated.

    Args:
        in_channels: Channels of the block input.
        spec: A row of ``BLOCKS``.
    """

    def __init__(self, in_channels: int, spec: tuple):
        super().__init__()
        c1x1, c3x3_reduce, c3x3, double_reduce, double, pool, proj = spec
        stride = 1 if c1x1 else 2
        self.branch_1x1 = (ConvBNReLU(in_channels, c1x1) if c1x1 else None)
        self.branch_3x3 = nn.Sequential(OrderedDict(
            reduce=ConvBNReLU(in_channels, c3x3_reduce),
            conv3x3=ConvBNReLU(c3x3_reduce, c3x3, 3, stride)))
        self.branch_double_3x3 = nn.Sequential(OrderedDict(
            reduce=ConvBNReLU(in_channels, double_reduce),
            conv3x3_1=ConvBNReLU(double_reduce, double, 3),
            conv3x3_2=ConvBNReLU(double, double, 3, stride)))
        pooling = [('pool', caffe_pool(pool, stride))]
        if proj:
            pooling.append(('proj', ConvBNReLU(in_channels, proj)))
        self.branch_pool = nn.Sequential(OrderedDict(pooling))
        self.out_channels = (c1x1 + c3x3 + double
                             + (proj if proj else in_channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, H, W] -> [N, out_channels, H / stride, W / stride]
        branches = [self.branch_3x3(x), self.branch_double_3x3(x),
                    self.branch_pool(x)]
        if self.branch_1x1 is not None:
            branches.insert(0, self.branch_1x1(x))
        return torch.cat(branches, dim=1)


@MODELS.register_module()
class BNInception(BaseModule):
    """BN-Inception up to ``inception_5b``: (N, C, 224, 224) -> (N, 1024, 7,
    7); the global 7x7 average pool, dropout and ``fc-action`` of the release
    belong to the head (``SegmentConsensusHead``).

    Stem as the release: ``conv1/7x7_s2`` (64), ``pool1/3x3_s2``,
    ``conv2/3x3_reduce`` (64), ``conv2/3x3`` (192), ``pool2/3x3_s2``; then
    the blocks of ``BLOCKS``. ``conv1.bn`` (the release's
    ``conv1/7x7_s2_bn``, the only BN with ``frozen: false`` there) is the
    first BatchNorm in module order, so ``PartialBNHook`` freezes exactly
    the release's frozen layers. With 101 classes the TSN model has
    10,373,765 parameters (RGB) and 10,395,717 (flow, 10 channels).

    Args:
        in_channels: Input channels of conv1: 3 for RGB, 2 x new_length =
            10 for stacked x/y flow (release ``data_reshape`` to
            ``[-1, 10, 224, 224]``, new_length 5), 3 x 5 = 15 for RGB
            difference (TSN paper Sec. 3.2; new_length 5 as tsn-pytorch).
        init_cfg: MMEngine initialisation config (e.g. ``Pretrained`` or
            ``CrossModalityPretrained`` with a local file). None gives the
            release prototxt's fillers: Caffe ``xavier`` conv weights
            (uniform, fan-in), conv biases 0.2, BN scale 1 and shift 0.
    """

    def __init__(self, in_channels: int = 3, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if (isinstance(in_channels, bool) or not isinstance(in_channels, int)
                or in_channels < 1):
            raise ValueError(
                f'BNInception: in_channels={in_channels!r}; expected a '
                'positive int (3 RGB, 10 flow = 2 x 5, 15 RGB difference '
                '= 3 x 5)')
        self.in_channels = in_channels
        # conv1 first: its BN must be the first BatchNorm (partial BN)
        self.conv1 = ConvBNReLU(in_channels, 64, 7, 2)
        self.pool1 = caffe_pool('max', 2)
        self.conv2_reduce = ConvBNReLU(64, 64)
        self.conv2 = ConvBNReLU(64, 192, 3)
        self.pool2 = caffe_pool('max', 2)
        channels = 192
        for name, spec in BLOCKS.items():
            block = BNInceptionBlock(channels, spec)
            self.add_module(name, block)
            channels = block.out_channels
        self.out_channels = channels  # 1024
        self.endpoints = tuple(name for name, _ in self.named_children())

    def init_weights(self) -> None:
        if self.init_cfg is not None:
            super().init_weights()
            return
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                # Caffe's xavier filler: U(-a, a), a = sqrt(3 / fan_in)
                nn.init.kaiming_uniform_(module.weight, nonlinearity='linear')
                nn.init.constant_(module.bias, 0.2)
            elif isinstance(module, nn.BatchNorm2d):
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)

    def forward(self, x: torch.Tensor,
                until: Optional[str] = None) -> torch.Tensor:
        """Run the network, up to and including the endpoint ``until``
        (a name of ``self.endpoints``, e.g. ``'inception_4e'``) if given."""
        if until is not None:
            check_choice('BNInception', 'until', until, self.endpoints)
        # [N, C, 224, 224] -> [N, 64, 112, 112] (conv1) -> [N, 64, 56, 56]
        # (pool1) -> [N, 192, 28, 28] (pool2) -> [N, 320, 28, 28] (3b)
        # -> [N, 576, 14, 14] (3c) -> [N, 1056, 7, 7] (4e)
        # -> [N, 1024, 7, 7] (5b)
        for name in self.endpoints:
            x = getattr(self, name)(x)
            if name == until:
                break
        return x
