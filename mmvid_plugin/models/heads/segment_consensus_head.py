"""TSN's segmental consensus on class scores (Wang et al., ECCV 2016,
Sec. 3.1 and 4.1)."""
import torch
import torch.nn.functional as F
from mmaction.models.heads.base import BaseHead
from mmaction.registry import MODELS
from torch import nn

CONSENSUS = ('avg', 'max', 'weighted')


@MODELS.register_module()
class SegmentConsensusHead(BaseHead):
    """Per-segment class scores, then a consensus over the segments.

    TSN aggregates the *class scores* of its K segments before the softmax
    (the official ``segment_consensus`` layer pools ``fc-action`` outputs).
    MMAction2's ``TSNHead`` instead pools features and silently ignores any
    consensus but average; here every option acts on scores and an unknown
    one raises.

    Args:
        num_classes: Number of classes.
        in_channels: Channels of the backbone output.
        consensus: ``'avg'`` (the paper's best), ``'max'`` or ``'weighted'``
            (learned per-segment weights, initialised to ``1 / K``; with
            another number of segments at test time the weights are
            interpolated linearly over the video's time span).
        num_segments: K, the segments seen in training (``'weighted'``).
        spatial_type: ``'avg'`` pools 4D maps; None for vector features.
        dropout_ratio: Dropout before the classifier (0.8 RGB, 0.7 flow in
            the release).
        init_std: Std of the classifier's normal init (0.001 in the
            release).
        **kwargs: ``loss_cls``, ``average_clips``... as in ``BaseHead``.
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 consensus: str = 'avg',
                 num_segments: int = 3,
                 spatial_type: str = 'avg',
                 dropout_ratio: float = 0.8,
                 init_std: float = 0.001,
                 **kwargs):
        super().__init__(num_classes, in_channels, **kwargs)
        if consensus not in CONSENSUS:
            raise ValueError(f'SegmentConsensusHead: consensus={consensus!r};'
                             f' expected one of {CONSENSUS}')
        if spatial_type not in ('avg', None):
            raise ValueError(f'SegmentConsensusHead: spatial_type='
                             f"{spatial_type!r}; expected 'avg' or None")
        self.consensus = consensus
        self.spatial_type = spatial_type
        self.init_std = init_std
        self.dropout = nn.Dropout(dropout_ratio) if dropout_ratio else None
        self.fc_cls = nn.Linear(in_channels, num_classes)
        if consensus == 'weighted':
            self.segment_weights = nn.Parameter(
                torch.full((num_segments, ), 1.0 / num_segments))

    def init_weights(self) -> None:
        nn.init.normal_(self.fc_cls.weight, 0, self.init_std)
        nn.init.zeros_(self.fc_cls.bias)

    def weights_for(self, num_segs: int) -> torch.Tensor:
        """Segment weights for ``num_segs`` segments, shape (num_segs,)."""
        weights = self.segment_weights
        if num_segs == weights.numel():
            return weights
        resized = F.interpolate(weights.view(1, 1, -1), size=num_segs,
                                mode='linear', align_corners=True).view(-1)
        return resized * (weights.sum() / resized.sum())

    def forward(self, x: torch.Tensor, num_segs: int = 1, **kwargs):
        # [N * K, C, H, W] or [N * K, C]
        if self.spatial_type == 'avg' and x.dim() == 4:
            x = x.mean(dim=(2, 3))
        if self.dropout is not None:
            x = self.dropout(x)
        scores = self.fc_cls(x).view(-1, num_segs, self.num_classes)
        # [N, K, num_classes] -> [N, num_classes]
        if self.consensus == 'avg':
            return scores.mean(dim=1)
        if self.consensus == 'max':
            return scores.amax(dim=1)
        return torch.einsum('nkc,k->nc', scores, self.weights_for(num_segs))
