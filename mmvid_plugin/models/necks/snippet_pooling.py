"""Feature pooling over time of Ng et al., "Beyond Short Snippets: Deep
Networks for Video Classification", CVPR 2015 (Sec. 3.1, Fig. 2).

Every neck takes the last conv maps of a 2D network applied to each frame,
(N, C, T, H, W) with time folded into the batch upstream, and returns one
feature vector per video, (N, out_channels), for a linear classifier head.
FC layers shared across frames or windows run on (N * T, C * H * W): no
Python loop over frames. The paper pools up to 120 frames (30 and 120 are
compared); any T works as long as the windows fit. No code was released:
every paper value in this module is as recalled from the paper
(docs/papers.md §4), not checked against its text.
"""
from typing import Optional, Sequence, Tuple

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from ..layers import fold_time


def shared_fc(in_features: int, channels: Sequence[int],
              dropout_ratio: float) -> Tuple[nn.Sequential, int]:
    """FC + ReLU + dropout per entry of ``channels``; (layers, out width)."""
    layers = []
    for width in channels:
        layers += [nn.Linear(in_features, width), nn.ReLU(inplace=True),
                   nn.Dropout(dropout_ratio)]
        in_features = width
    return nn.Sequential(*layers), in_features


def max_over_windows(x: torch.Tensor, window: int,
                     stride: int) -> torch.Tensor:
    """[N, C, T, H, W] -> [N, C, T', H, W], T' = (T - window) // stride + 1."""
    if x.shape[2] < window:
        raise ValueError(f'temporal pooling window {window} is longer than '
                         f'the {x.shape[2]} frames given')
    return nn.functional.max_pool3d(x, (window, 1, 1), (stride, 1, 1))


def num_windows(num_frames: int, window: int, stride: int) -> int:
    return (num_frames - window) // stride + 1


class _SnippetPooling(BaseModule):
    """Shared arguments and the per-step FC stack.

    Args:
        in_channels: Channels C of the per-frame conv maps.
        feature_size: (H, W) of those maps; fixes the FC fan-in.
        fc_channels: Widths of the FC layers the variant shares across
            frames or windows (the paper's two 4096-wide FCs of AlexNet /
            one FC for slow pooling's first stage).
        dropout_ratio: Dropout after every FC.
    """

    def __init__(self, in_channels: int, feature_size: Sequence[int],
                 fc_channels: Sequence[int] = (4096, 4096),
                 dropout_ratio: float = 0.5, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.in_channels = in_channels
        self.feature_size = tuple(feature_size)
        in_features = in_channels * self.feature_size[0] * self.feature_size[1]
        self.fc, self.out_channels = shared_fc(in_features, fc_channels,
                                               dropout_ratio)

    def per_step(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, S, H, W] -> shared FCs on [N * S, C * H * W] -> [N, S, D]
        n, c, steps, h, w = x.shape
        if (c, h, w) != (self.in_channels, ) + self.feature_size:
            raise ValueError(
                f'{type(self).__name__} was built for (C, H, W) = '
                f'{(self.in_channels, ) + self.feature_size} per frame '
                '(in_channels, feature_size), got '
                f'{(c, h, w)}')
        return self.fc(fold_time(x).flatten(1)).reshape(n, steps, -1)


@MODELS.register_module()
class ConvPooling(_SnippetPooling):
    """Conv Pooling: max over time of the last conv maps (spatial layout
    kept), then the FC layers. The paper's best pooling."""

    def forward(self, x: torch.Tensor, data_samples=None):
        # [N, C, T, H, W] -> [N, C, 1, H, W] -> [N, D]
        pooled = x.amax(dim=2, keepdim=True)
        return self.per_step(pooled)[:, 0], dict()


@MODELS.register_module()
class LatePooling(_SnippetPooling):
    """Late Pooling: the FC layers on every frame (shared), then max over
    time."""

    def forward(self, x: torch.Tensor, data_samples=None):
        # [N, C, T, H, W] -> [N, T, D] -> [N, D]
        return self.per_step(x).amax(dim=1), dict()


@MODELS.register_module()
class SlowPooling(_SnippetPooling):
    """Slow Pooling: max over windows of ``window`` frames with ``stride``
    (10 and 5 in the paper), one FC shared by the windows, then a global max
    over windows.

    Args:
        window: Frames per local max-pool window.
        stride: Frames between window starts.
    """

    def __init__(self, in_channels: int, feature_size: Sequence[int],
                 fc_channels: Sequence[int] = (4096, ), window: int = 10,
                 stride: int = 5, dropout_ratio: float = 0.5, init_cfg=None):
        super().__init__(in_channels, feature_size, fc_channels,
                         dropout_ratio, init_cfg)
        self.window, self.stride = window, stride

    def forward(self, x: torch.Tensor, data_samples=None):
        # [N, C, T, H, W] -> windows [N, C, S, H, W] -> [N, S, D] -> [N, D]
        windows = max_over_windows(x, self.window, self.stride)
        return self.per_step(windows).amax(dim=1), dict()


@MODELS.register_module()
class LocalPooling(_SnippetPooling):
    """Local Pooling: slow pooling's first stage only. Local max over
    windows, the two FC layers shared by the windows, and no global max:
    the window features are concatenated, so the classifier after this neck
    is the paper's one large softmax connected to all towers.

    Args:
        num_frames: T the network is built for; the number of windows, and
            so the classifier's fan-in, depends on it.
        window: Frames per local max-pool window (10 in the paper).
        stride: Frames between window starts (5 in the paper).
    """

    def __init__(self, in_channels: int, feature_size: Sequence[int],
                 num_frames: int, fc_channels: Sequence[int] = (4096, 4096),
                 window: int = 10, stride: int = 5,
                 dropout_ratio: float = 0.5, init_cfg=None):
        super().__init__(in_channels, feature_size, fc_channels,
                         dropout_ratio, init_cfg)
        self.window, self.stride = window, stride
        self.num_frames = num_frames
        self.num_windows = num_windows(num_frames, window, stride)
        if self.num_windows < 1:
            raise ValueError(f'LocalPooling: num_frames={num_frames} is '
                             f'shorter than window={window}')
        self.out_channels *= self.num_windows

    def forward(self, x: torch.Tensor, data_samples=None):
        # [N, C, T, H, W] -> [N, S, D] -> [N, S * D]
        if x.shape[2] != self.num_frames:
            raise ValueError(f'LocalPooling was built for num_frames='
                             f'{self.num_frames}, got {x.shape[2]} frames')
        windows = max_over_windows(x, self.window, self.stride)
        return self.per_step(windows).flatten(1), dict()


@MODELS.register_module()
class TimeDomainConvPooling(_SnippetPooling):
    """Time-Domain Convolution: a conv of ``conv_channels`` kernels, 3x3
    in space spanning ``window`` frames with frame stride ``stride`` (256,
    10 and 5 in the paper), ReLU, max over time, then the FC layers.
    """

    def __init__(self, in_channels: int, feature_size: Sequence[int],
                 fc_channels: Sequence[int] = (4096, 4096),
                 conv_channels: int = 256, window: int = 10, stride: int = 5,
                 dropout_ratio: float = 0.5, init_cfg=None):
        super().__init__(conv_channels, feature_size, fc_channels,
                         dropout_ratio, init_cfg)
        self.window = window
        self.time_conv = nn.Conv3d(in_channels, conv_channels,
                                   (window, 3, 3), (stride, 1, 1), (0, 1, 1))

    def forward(self, x: torch.Tensor, data_samples: Optional[list] = None):
        # [N, C, T, H, W] -> [N, 256, S, H, W] -> max -> [N, D]
        if x.shape[2] < self.window:
            raise ValueError(f'TimeDomainConvPooling: window {self.window} '
                             f'is longer than the {x.shape[2]} frames given')
        time_conv = nn.functional.relu(self.time_conv(x))
        return self.per_step(time_conv.amax(dim=2, keepdim=True))[:, 0], dict()
