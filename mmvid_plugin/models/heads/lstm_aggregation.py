"""LSTM over per-frame CNN features, Ng et al., "Beyond Short Snippets",
CVPR 2015 (Sec. 3.2): 5 stacked LSTM layers of 512 cells, a softmax at
every step, the loss of step t weighted by g = t / T, and the step
predictions aggregated as the last, max, average or linearly weighted one.
No code was released: these paper values are as recalled (docs/papers.md
§4), not checked against the paper text.
"""
from typing import Dict

import torch
import torch.nn.functional as F
from torch import nn

from mmaction.models.heads.base import BaseHead
from mmengine.model.weight_init import normal_init
from mmaction.registry import MODELS

AGGREGATIONS = ('last', 'max', 'average', 'weighted')


def linear_gain(num_steps: int, device=None) -> torch.Tensor:
    """g_t = t / T for t = 1..T."""
    return torch.arange(1, num_steps + 1, device=device) / num_steps


def aggregate_steps(probs: torch.Tensor, how: str) -> torch.Tensor:
    """[N, T, K] step probabilities -> [N, K]."""
    if how == 'last':
        return probs[:, -1]
    if how == 'max':
        return probs.amax(dim=1)
    if how == 'average':
        return probs.mean(dim=1)
    if how == 'weighted':
        gain = linear_gain(probs.shape[1], probs.device)
        return (probs * gain[:, None]).sum(1) / gain.sum()
    raise ValueError(f'LSTMAggregationHead: aggregation={how!r}; expected '
                     f'one of {AGGREGATIONS}')


@MODELS.register_module()
class LSTMAggregationHead(BaseHead):
    """Stacked LSTM with a classifier at every step.

    Input: per-frame features (N, C, T, H, W), spatially averaged first (the
    paper feeds GoogLeNet's pooled features), or (N, T, C).

    Args:
        num_classes: Classes.
        in_channels: Feature channels C.
        hidden_size: LSTM cells per layer (512).
        num_layers: Stacked LSTM layers (5).
        dropout_ratio: Dropout on the LSTM input and between layers.
        aggregation: How test predictions of the steps are combined:
            'last', 'max', 'average' or 'weighted' (g = t / T).
        weight_steps: Weight step t's training loss by g = t / T (paper);
            False weights all steps equally.
        spatial_pooling: 'avg' (paper: the CNN's globally pooled features)
            or 'flatten' (each frame's whole C x H x W map; in_channels is
            then C * H * W). Averaging removes where things are, so motion
            of a translation-invariant CNN's features is invisible to the
            LSTM; 'flatten' keeps position, as the pooling necks do.
    """

    def __init__(self, num_classes: int, in_channels: int,
                 hidden_size: int = 512, num_layers: int = 5,
                 dropout_ratio: float = 0.5, aggregation: str = 'weighted',
                 weight_steps: bool = True, init_std: float = 0.01,
                 spatial_pooling: str = 'avg', **kwargs):
        kwargs.setdefault('average_clips', 'prob')
        super().__init__(num_classes, in_channels, **kwargs)
        if aggregation not in AGGREGATIONS:
            raise ValueError(f'LSTMAggregationHead: aggregation='
                             f'{aggregation!r}; expected one of '
                             f'{AGGREGATIONS}')
        if spatial_pooling not in ('avg', 'flatten'):
            raise ValueError(f'LSTMAggregationHead: spatial_pooling='
                             f"{spatial_pooling!r}; expected 'avg' or "
                             "'flatten'")
        self.spatial_pooling = spatial_pooling
        self.aggregation = aggregation
        self.weight_steps = weight_steps
        self.init_std = init_std
        self.dropout = nn.Dropout(dropout_ratio)
        self.lstm = nn.LSTM(in_channels, hidden_size, num_layers,
                            batch_first=True,
                            dropout=dropout_ratio if num_layers > 1 else 0.0)
        self.fc_cls = nn.Linear(hidden_size, num_classes)

    def init_weights(self) -> None:
        normal_init(self.fc_cls, std=self.init_std)

    def forward(self, x: torch.Tensor, **kwargs) -> torch.Tensor:
        # [N, C, T, H, W] -> [N, T, C (or C*H*W)] -> LSTM -> [N, T, K]
        if x.dim() == 5:
            frames = x.transpose(1, 2)  # [N, T, C, H, W]
            x = (frames.mean(dim=(3, 4)) if self.spatial_pooling == 'avg'
                 else frames.flatten(2))
        if x.dim() != 3 or x.shape[2] != self.in_channels:
            raise ValueError(
                'LSTMAggregationHead expects (N, C, T, H, W) or (N, T, C) '
                f'features with C = in_channels = {self.in_channels}, got '
                f'{tuple(x.shape)}')
        steps, _ = self.lstm(self.dropout(x))
        return self.fc_cls(steps)

    def loss_by_feat(self, cls_scores: torch.Tensor,
                     data_samples) -> Dict[str, torch.Tensor]:
        """Cross-entropy at every step, weighted by g = t / T and
        normalised by the sum of the weights; accuracy of the aggregate."""
        labels = torch.stack([s.gt_label for s in data_samples]).view(-1)
        labels = labels.to(cls_scores.device)
        n, steps, k = cls_scores.shape
        per_step = F.cross_entropy(cls_scores.reshape(n * steps, k),
                                   labels.repeat_interleave(steps),
                                   reduction='none').view(n, steps)
        gain = (linear_gain(steps, cls_scores.device) if self.weight_steps
                else torch.ones(steps, device=cls_scores.device))
        loss = (per_step * gain).sum(1).mean() / gain.sum()
        aggregated = self.aggregate(cls_scores).detach()
        top1 = (aggregated.argmax(1) == labels).float().mean()
        return dict(loss_cls=loss, top1_acc=top1)

    def aggregate(self, cls_scores: torch.Tensor) -> torch.Tensor:
        """[N, T, K] step scores -> [N, K] log of the aggregated
        probabilities (a softmax over them gives them back, normalised)."""
        probs = aggregate_steps(cls_scores.softmax(dim=2), self.aggregation)
        return probs.clamp_min(1e-12).log()

    def predict_by_feat(self, cls_scores: torch.Tensor, data_samples):
        return super().predict_by_feat(self.aggregate(cls_scores),
                                       data_samples)
