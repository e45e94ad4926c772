"""Fusion of two feature maps of equal size, Feichtenhofer et al.,
"Convolutional Two-Stream Network Fusion for Video Action Recognition",
CVPR 2016 (Sec. 3.1).

Every module takes the spatial and the temporal stream's maps, (N, C, H, W)
or (N, C, T, H, W) (applied frame by frame), and fuses them at each pixel.
``channel_factor`` tells a tower how the channels change (concatenation
doubles them); ``vector_output`` marks fusions that end the spatial layout
(bilinear).
"""
from typing import Optional, Sequence

import torch
from torch import nn

from mmaction.registry import MODELS

from ..layers import fold_time, unfold_time
from .base import Fusion, PaperInitFusion


def check_pair(name: str, a: torch.Tensor, b: torch.Tensor) -> None:
    if a.shape != b.shape:
        raise ValueError(f'{name} fuses maps of equal size; got spatial '
                         f'{tuple(a.shape)} and temporal {tuple(b.shape)}')


def frames_first(x: torch.Tensor) -> torch.Tensor:
    """(N, C, T, H, W) -> (N * T, C, H, W); 4D input unchanged."""
    return x if x.dim() == 4 else fold_time(x)


def frames_back(x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """Inverse of ``frames_first`` for a map shaped like ``like``."""
    return x if like.dim() == 4 else unfold_time(x, like.shape[2])


def stacked_identities(channels: int, spatial_weight: float,
                       temporal_weight: float) -> torch.Tensor:
    """[w_s I ; w_t I]: a (C, 2C) mixing matrix over the stacked
    [spatial; temporal] channels (matconvnet's ``cat(3, w_s * diag,
    w_t * diag)`` in the fusion release's ``insert_conv_layers.m``)."""
    eye = torch.eye(channels)
    return torch.cat([spatial_weight * eye, temporal_weight * eye], dim=1)


@MODELS.register_module()
class SumFusion(Fusion):
    """y = x_spatial + x_temporal at every location and channel."""

    def forward(self, spatial: torch.Tensor,
                temporal: torch.Tensor) -> torch.Tensor:
        check_pair('SumFusion', spatial, temporal)
        return spatial + temporal


@MODELS.register_module()
class MaxFusion(Fusion):
    """y = max(x_spatial, x_temporal) at every location and channel."""

    def forward(self, spatial: torch.Tensor,
                temporal: torch.Tensor) -> torch.Tensor:
        check_pair('MaxFusion', spatial, temporal)
        return torch.maximum(spatial, temporal)


@MODELS.register_module()
class ConcatFusion(Fusion):
    """y = [x_spatial; x_temporal] stacked along channels (2C)."""
    channel_factor = 2

    def forward(self, spatial: torch.Tensor,
                temporal: torch.Tensor) -> torch.Tensor:
        check_pair('ConcatFusion', spatial, temporal)
        return torch.cat([spatial, temporal], dim=1)


@MODELS.register_module()
class ConvFusion(PaperInitFusion):
    """Stack both maps (2C channels), then a 1x1 conv back to C channels
    and a ReLU: learnt correspondences between the streams' channels.

    Defaults follow the official release's 2D conv fusion
    (feichtenhofer/twostreamfusion): ``cnn_ucf101_fusion.m`` sets
    ``opts.initMethod = '2sumAB'``, and ``network_surgery/
    insert_conv_layers.m`` initialises that conv as ``cat(3, 0.25 * diag,
    0.75 * diag)`` (spatial ; temporal) with zero biases and appends a ReLU
    (``opts.addReLU = true``).

    Args:
        channels: C, the channels of each stream.
        identity_weights: (w_s, w_t): start as [w_s I ; w_t I] with zero
            bias. (0.25, 0.75) is the release's '2sumAB'; (1, 1), the
            release's 'sumAB', starts as the plain sum of the streams and
            reproduces results measured with that start. None: MMEngine's
            default initialisation.
        relu: ReLU after the conv (the release's ``addReLU``).

    Raises:
        ValueError: ``identity_weights`` is not a pair of numbers.
    """

    def __init__(self, channels: int,
                 identity_weights: Optional[Sequence[float]] = (0.25, 0.75),
                 relu: bool = True, init_cfg=None):
        super().__init__(identity_weights is not None, init_cfg)
        if identity_weights is not None and len(identity_weights) != 2:
            raise ValueError(f'ConvFusion: identity_weights='
                             f'{identity_weights!r}; expected (w_spatial, '
                             'w_temporal) or None')
        self.identity_weights = identity_weights
        self.conv = nn.Conv2d(2 * channels, channels, 1)
        self.relu = nn.ReLU() if relu else nn.Identity()
        if identity_weights is not None:
            self.reset_to_paper_init()

    def reset_to_paper_init(self) -> None:
        """[w_s I ; w_t I], zero bias."""
        mixing = stacked_identities(self.conv.out_channels,
                                    *self.identity_weights)
        with torch.no_grad():
            self.conv.weight.copy_(mixing[:, :, None, None])
            self.conv.bias.zero_()

    def forward(self, spatial: torch.Tensor,
                temporal: torch.Tensor) -> torch.Tensor:
        check_pair('ConvFusion', spatial, temporal)
        stacked = frames_first(torch.cat([spatial, temporal], dim=1))
        return frames_back(self.relu(self.conv(stacked)), spatial)


@MODELS.register_module()
class BilinearFusion(Fusion):
    """Outer product of the two streams' C-vectors at every location,
    summed over locations: a C*C vector per map (per frame for 5D input).

    Args:
        signed_sqrt_l2: Then take sign(y) * sqrt(|y|) and L2-normalise, as
            bilinear CNNs do (Lin et al., ICCV 2015); off in the paper's
            definition, as recalled (the release has no bilinear fusion
            code).
    """
    vector_output = True

    def __init__(self, signed_sqrt_l2: bool = False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.signed_sqrt_l2 = signed_sqrt_l2

    def forward(self, spatial: torch.Tensor,
                temporal: torch.Tensor) -> torch.Tensor:
        # [N(*T), C, H, W] x 2 -> [N(*T), C * C] (5D: [N, C * C, T])
        check_pair('BilinearFusion', spatial, temporal)
        a, b = frames_first(spatial), frames_first(temporal)
        y = torch.einsum('nihw,njhw->nij', a, b).flatten(1)
        if self.signed_sqrt_l2:
            y = nn.functional.normalize(
                y.sign() * y.abs().clamp_min(1e-12).sqrt(), dim=1)
        if spatial.dim() == 5:
            n, t = spatial.shape[0], spatial.shape[2]
            y = y.reshape(n, t, -1).transpose(1, 2)
        return y
