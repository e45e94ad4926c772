"""Non-local block, Wang et al., "Non-local Neural Networks", CVPR 2018
(Sec. 3, Fig. 2), with the release's details (video-nonlocal-net
``lib/models/nonlocal_helper.py``, ``lib/core/config.py``): half bottleneck
(C/2), 1x2x2 max-pool subsampling of phi and g, embedded-Gaussian softmax
scaled by (C/2)^-0.5 (``USE_SCALE``), biased 1x1x1 embeddings, and a final
BN with gamma = 0 (``NONLOCAL.BN_INIT_GAMMA``), so a fresh block is the
identity. Under ``record_attention`` the block records the affinity its
forward used.
"""
from typing import Optional

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from ...utils import check_choice
from .attention import AttentionRecord, AttentionRecording

MODES = ('gaussian', 'embedded_gaussian', 'dot_product', 'concatenation')


@MODELS.register_module()
class NonLocalBlock3d(AttentionRecording, BaseModule):
    """z = x + BN(W_z y), y_i = 1/C(x) sum_j f(x_i, x_j) g(x_j).

    Args:
        in_channels: C.
        mode: f: 'gaussian' (exp(x_i . x_j), softmax), 'embedded_gaussian'
            (exp(theta_i . phi_j), softmax; the release's default,
            ``NONLOCAL.USE_SOFTMAX = True``, and the paper's as recalled),
            'dot_product' (theta_i . phi_j / N) or 'concatenation'
            (ReLU(w_f^T [theta_i, phi_j]) / N).
        inner_ratio: Bottleneck width C_inner = C * inner_ratio (1/2).
        sub_sample: 1x2x2 max-pool before phi and g (theta not pooled).
        use_scale: Scale softmax logits by the embedding width^-0.5. None:
            True for 'embedded_gaussian' (the release's ``USE_SCALE``),
            False for 'gaussian' (the paper's f = exp(x_i . x_j), Sec. 3.2,
            as recalled; the release has no Gaussian mode).
        zero_init: Final BN gamma = 0 (identity at start).
    """

    def __init__(self, in_channels: int, mode: str = 'embedded_gaussian',
                 inner_ratio: float = 0.5, sub_sample: bool = True,
                 use_scale: Optional[bool] = None, zero_init: bool = True,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        check_choice('NonLocalBlock3d', 'mode', mode, MODES)
        if use_scale is None:
            use_scale = mode != 'gaussian'
        self.mode, self.use_scale, self.zero_init = mode, use_scale, zero_init
        inner = int(in_channels * inner_ratio)
        self.inner = inner
        if mode != 'gaussian':
            self.theta = nn.Conv3d(in_channels, inner, 1)
            self.phi = nn.Conv3d(in_channels, inner, 1)
        if mode == 'concatenation':
            self.concat_project = nn.Linear(2 * inner, 1, bias=False)
        self.g = nn.Conv3d(in_channels, inner, 1)
        self.pool = nn.MaxPool3d((1, 2, 2)) if sub_sample else nn.Identity()
        self.out = nn.Conv3d(inner, in_channels, 1)
        self.norm = nn.BatchNorm3d(in_channels)
        self.init_weights()

    def init_weights(self) -> None:
        for m in self.modules():
            if isinstance(m, nn.Conv3d):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)
        nn.init.constant_(self.norm.weight, 0.0 if self.zero_init else 1.0)
        nn.init.zeros_(self.norm.bias)

    def affinity(self, x: torch.Tensor, pooled: torch.Tensor) -> torch.Tensor:
        """[N, P, Q] weights of query positions P over key positions Q."""
        if self.mode == 'gaussian':
            query, key = x.flatten(2), pooled.flatten(2)
        else:
            query, key = self.theta(x).flatten(2), self.phi(pooled).flatten(2)
        if self.mode == 'concatenation':
            w = self.concat_project.weight[0]  # [2 * inner]
            a = torch.einsum('c,ncp->np', w[:self.inner], query)
            b = torch.einsum('c,ncq->nq', w[self.inner:], key)
            return torch.relu(a[:, :, None] + b[:, None, :]) / key.shape[2]
        logits = torch.einsum('ncp,ncq->npq', query, key)
        if self.mode == 'dot_product':
            return logits / key.shape[2]
        if self.use_scale:
            logits = logits * query.shape[1]**-0.5
        return logits.softmax(dim=-1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, T, H, W] -> same
        pooled = self.pool(x)
        weights = self.affinity(x, pooled)  # [N, THW, T(H/2)(W/2)]
        if self.attention_records is not None:
            self.attention_records.append(AttentionRecord(
                weights, self.mode, 'positions', tuple(x.shape[2:]),
                key_grid=tuple(pooled.shape[2:])))
        values = self.g(pooled).flatten(2)  # [N, inner, Q]
        y = torch.einsum('npq,ncq->ncp', weights, values)
        y = y.reshape(x.shape[0], self.inner, *x.shape[2:])
        return x + self.norm(self.out(y))
