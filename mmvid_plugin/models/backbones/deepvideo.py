"""The DeepVideo networks of Karpathy et al., "Large-scale Video
Classification with Convolutional Neural Networks", CVPR 2014 (Sec. 2.1-2.2,
Fig. 1-2).

One tower is written once: C(96,11,3)-N-P-C(256,5,1)-N-P-C(384,3,1)-
C(384,3,1)-C(256,3,1)-P, with N = LRN "as Krizhevsky et al." (k=2, n=5,
alpha=1e-4, beta=0.5; recalled in docs/papers.md §2, the paper text not
checked here) and P = 2x2 max-pool in Caffe's ceil mode (so a 170 input
ends at 7x7x256). alpha is Krizhevsky's un-divided form (``DEEPVIDEO_LRN``),
i.e. 5e-4 in PyTorch's alpha / n.
Every conv is a Conv3d whose temporal extent and stride come from the
variant; FC(4096)-FC(4096) follow. Input of every variant: (N, 3, T, H, W).
No code was released: the layer list and every paper value here are as
recalled from the paper (docs/papers.md §2), not checked against its text.
"""
from typing import Sequence, Tuple

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from ..layers import (Conv3d, ceil_pool_size, conv_size, fold_time,
                      local_response_norm)

# (out channels, spatial kernel, spatial stride, spatial padding)
TOWER = ((96, 11, 3, 0), (256, 5, 1, 2), (384, 3, 1, 1), (384, 3, 1, 1),
         (256, 3, 1, 1))
NORM_AFTER = (0, 1)  # LRN after conv1 and conv2
# Krizhevsky et al. 2012 (Sec. 3.3) write b = a / (k + alpha * sum a^2)^beta
DEEPVIDEO_LRN = dict(size=5, alpha=1e-4, beta=0.5, k=2.0,
                     convention='krizhevsky')
POOL_AFTER = (0, 1, 4)  # 2x2 max-pool after conv1, conv2 and conv5


def tower_output(size: int, frames: int, temporal: Sequence[Tuple[int, int]],
                 last_pool: bool = True) -> Tuple[int, int]:
    """(time, side) after the tower for a square input."""
    for index, ((_, k, s, p), (k_t, s_t)) in enumerate(zip(TOWER, temporal)):
        size = conv_size(size, k, s, p)
        frames = conv_size(frames, k_t, s_t)
        if index in POOL_AFTER and (index != 4 or last_pool):
            size = ceil_pool_size(size, kernel=2, stride=2)
    return frames, size


def deepvideo_tower(temporal: Sequence[Tuple[int, int]] = ((1, 1), ) * 5,
                    last_pool: bool = True,
                    in_channels: int = 3) -> nn.Sequential:
    """The shared conv tower.

    Args:
        temporal: (extent, stride) in time of each of the 5 convs.
        last_pool: Keep the pool after conv5 (the multiresolution streams
            drop it, Sec. 2.2).
        in_channels: Input channels (3 for RGB).
    """
    layers = []
    for index, ((out, k, s, p), (k_t, s_t)) in enumerate(zip(TOWER, temporal)):
        layers += [Conv3d(in_channels, out, (k_t, k, k), (s_t, s, s),
                          (0, p, p)), nn.ReLU(inplace=True)]
        if index in NORM_AFTER:
            layers.append(local_response_norm(**DEEPVIDEO_LRN))
        if index in POOL_AFTER and (index != 4 or last_pool):
            layers.append(nn.MaxPool3d((1, 2, 2), ceil_mode=True))
        in_channels = out
    return nn.Sequential(*layers)


def fully_connected(in_features: int, dropout_ratio: float) -> nn.Sequential:
    """FC(4096)-FC(4096) with ReLU and dropout."""
    return nn.Sequential(
        nn.Flatten(), nn.Linear(in_features, 4096), nn.ReLU(inplace=True),
        nn.Dropout(dropout_ratio), nn.Linear(4096, 4096),
        nn.ReLU(inplace=True), nn.Dropout(dropout_ratio))


class _DeepVideoNet(BaseModule):
    """Shared checks and the FC head of the variants below."""
    num_frames = 1
    temporal = ((1, 1), ) * 5

    def __init__(self, input_size: int = 170, dropout_ratio: float = 0.5,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.input_size = input_size
        self.tower = deepvideo_tower(self.temporal)
        time, side = tower_output(input_size, self.num_frames, self.temporal)
        self.fc = fully_connected(256 * time * side * side, dropout_ratio)
        self.out_channels = 4096

    def check(self, x: torch.Tensor) -> None:
        expected = (self.num_frames, self.input_size, self.input_size)
        if tuple(x.shape[2:]) != expected:
            raise ValueError(f'{type(self).__name__} expects (N, 3, T, H, W) '
                             f'with (T, H, W) = {expected}, got '
                             f'{tuple(x.shape)}')

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, 3, T, H, W] -> [N, 4096]
        self.check(x)
        return self.fc(self.tower(x))


@MODELS.register_module()
class DeepVideoSingleFrame(_DeepVideoNet):
    """Single-frame net (Sec. 2.1): one frame, 170x170."""


@MODELS.register_module()
class DeepVideoEarlyFusion(_DeepVideoNet):
    """Early fusion (Sec. 2.1): conv1 spans all T=10 frames (11x11x3x10)."""
    num_frames = 10
    temporal = ((10, 1), ) + ((1, 1), ) * 4


@MODELS.register_module()
class DeepVideoSlowFusion(_DeepVideoNet):
    """Slow fusion (Sec. 2.1): conv1 extent 4 / stride 2 on 10 frames,
    conv2 and conv3 extent 2 / stride 2: time 10 -> 4 -> 2 -> 1."""
    num_frames = 10
    temporal = ((4, 2), (2, 2), (2, 2), (1, 1), (1, 1))


@MODELS.register_module()
class DeepVideoLateFusion(_DeepVideoNet):
    """Late fusion (Sec. 2.1): two frames 15 apart through one tower
    (shared weights), merged in the first FC layer (the base's FC input,
    256 x 2 frames x side x side, is the two towers' outputs side by
    side)."""
    num_frames = 2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, 3, 2, H, W] -> towers on [2N, 3, 1, H, W] -> [N, 4096]
        self.check(x)
        features = self.tower(fold_time(x).unsqueeze(2))
        return self.fc(features.reshape(x.shape[0], 2, -1))


@MODELS.register_module()
class DeepVideoMultiresolution(BaseModule):
    """Multiresolution net (Sec. 2.2): a context stream on the frame
    downsampled by 2 and a fovea stream on its centre at full resolution,
    both 89x89 out of 178x178, each without the last pool (7x7x256),
    concatenated into FC1.

    Input (N, 3, 2, V, V): the two views made by the ``FoveaContextViews``
    transform, context at time index 0 and fovea at 1.

    Args:
        view_size: Side V of both views (89 in the paper, as recalled).
        share_streams: One tower for both streams. The paper's Fig. 2 is
            recalled as "two separate streams" (sharing not stated), so
            the default is False.
    """

    def __init__(self, view_size: int = 89, share_streams: bool = False,
                 dropout_ratio: float = 0.5, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.view_size = view_size
        self.context = deepvideo_tower(last_pool=False)
        self.fovea = self.context if share_streams else deepvideo_tower(
            last_pool=False)
        _, side = tower_output(view_size, 1, ((1, 1), ) * 5, last_pool=False)
        self.fc = fully_connected(2 * 256 * side * side, dropout_ratio)
        self.out_channels = 4096

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, 3, 2 (context, fovea), 89, 89] -> [N, 4096]
        if tuple(x.shape[2:]) != (2, self.view_size, self.view_size):
            raise ValueError(
                'DeepVideoMultiresolution expects (N, 3, 2, V, V) with the '
                'context and fovea views of FoveaContextViews and V = '
                f'{self.view_size}, got {tuple(x.shape)}')
        features = torch.cat([
            self.context(x[:, :, :1]).flatten(1),
            self.fovea(x[:, :, 1:]).flatten(1)
        ], dim=1)
        return self.fc(features)
