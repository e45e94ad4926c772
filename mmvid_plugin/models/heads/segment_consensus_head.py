"""TSN's segmental consensus on class scores (Wang et al., ECCV 2016,
Sec. 3.1 and 4.1)."""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from torch import nn

from ...utils import check_choice
from .linear_head import LinearHead

CONSENSUS = ('avg', 'max', 'weighted')


def clips_per_video(data_samples) -> Optional[int]:
    """The ``num_clips`` the data samples carry (``SampleFrames`` sets it;
    ``PackActionInputs`` keeps it when it is in ``meta_keys``), or None.

    Raises:
        ValueError: the samples of one batch disagree.
    """
    values = {sample.metainfo.get('num_clips') for sample in data_samples}
    if len(values) > 1:
        found = sorted(map(str, values))
        raise ValueError('SegmentConsensusHead: data samples of one batch '
                         f'carry different num_clips {found}; expected one '
                         'pipeline per batch')
    return values.pop() if values else None


@MODELS.register_module()
class SegmentConsensusHead(LinearHead):
    """Per-segment class scores, then a consensus over the segments.

    TSN aggregates the *class scores* of its K segments before the softmax
    (the official ``segment_consensus`` layer of
    ``models/ucf101/tsn_bn_inception_{rgb,flow}_train_val.prototxt``
    average-pools the ``fc-action`` outputs, before ``SoftmaxWithLoss``).
    MMAction2's ``TSNHead`` (``mmaction/models/heads/tsn_head.py``)
    averages features before its classifier (for
    average consensus the same scores, but for where dropout acts) and
    silently ignores any consensus but average; here every option acts on
    scores and an unknown one raises. Without segments, ``LinearHead``.

    Args:
        num_classes: Number of classes.
        in_channels: Channels of the backbone output.
        consensus: ``'avg'`` (the release's; the paper's best, as
            recalled), ``'max'`` or ``'weighted'`` (options named in the
            paper, as recalled; here learned per-segment weights,
            initialised to ``1 / K``, which is ours; with
            another number of segments at test time the weights are
            interpolated linearly over the video's time span, and every
            crop of a segment gets its weight; see :meth:`view_layout`).
        num_segments: K, the segments seen in training (``'weighted'``).
        spatial_type: ``'avg'`` pools 4D maps; None for vector features.
        dropout_ratio: Dropout before the classifier (0.8 RGB, 0.7 flow in
            the release prototxts' ``dropout`` layers).
        init_std: Std of the classifier's normal init (0.001 in the
            release: ``fc-action`` ``gaussian`` filler).
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
        check_choice('SegmentConsensusHead', 'consensus', consensus,
                     CONSENSUS)
        super().__init__(num_classes, in_channels, spatial_type,
                         dropout_ratio, init_std, **kwargs)
        self.consensus = consensus
        self.num_segments = num_segments
        if consensus == 'weighted':
            self.segment_weights = nn.Parameter(
                torch.full((num_segments, ), 1.0 / num_segments))

    def weights_for(self, num_segs: int) -> torch.Tensor:
        """Segment weights for ``num_segs`` segments, shape (num_segs,)."""
        weights = self.segment_weights
        if num_segs == weights.numel():
            return weights
        resized = F.interpolate(weights.view(1, 1, -1), size=num_segs,
                                mode='linear', align_corners=True).view(-1)
        return resized * (weights.sum() / resized.sum())

    def view_layout(self, num_segs: int,
                    num_clips: Optional[int] = None) -> Tuple[int, int]:
        """(crops, segments) of the ``num_segs`` views of each video.

        MMAction2's ``Recognizer2D`` passes ``num_segs`` = crops x clips
        (250 for the release's 25 segments x 10 crops, ``eval_net.py``).
        ``TenCrop`` / ``ThreeCrop`` put the crop outermost, each crop
        holding every clip in time order, so the views of a video are
        ``[crops, clips]``. This assumes one view per clip: single RGB
        frames (``clip_len=1``) or stacked flow / RGB-difference channels.

        Args:
            num_segs: Views per video.
            num_clips: Segments per video (``SampleFrames.num_clips``), from
                the data samples' ``num_clips``; None for training's layout
                (``num_segs`` = ``num_segments``, one crop).

        Raises:
            ValueError: the views cannot be split into crops and segments.
        """
        if num_clips is None:
            if num_segs == self.num_segments:
                return 1, num_segs
            raise ValueError(
                f"SegmentConsensusHead(consensus='weighted'): num_segs="
                f'{num_segs} views per video, num_segments='
                f"{self.num_segments}, and no 'num_clips' to tell segments "
                "(time) from crops; add 'num_clips' to the meta_keys of the "
                "pipeline's PackActionInputs, e.g. PackActionInputs(meta_keys"
                "=('img_shape', 'img_key', 'video_id', 'timestamp', "
                "'num_clips'))")
        if num_clips < 1 or num_segs % num_clips:
            raise ValueError(
                f"SegmentConsensusHead(consensus='weighted'): num_segs="
                f'{num_segs} views per video with num_clips={num_clips}; '
                'expected views = crops x clips (a positive multiple)')
        return num_segs // num_clips, num_clips

    def forward(self, x: torch.Tensor, num_segs: int = 1,
                num_clips: Optional[int] = None, **kwargs):
        # [N * K, C, H, W] or [N * K, C] -> [N, K, num_classes]
        scores = self.view_scores(x, num_segs)
        # [N, K, num_classes] -> [N, num_classes]
        if self.consensus == 'avg':
            return scores.mean(dim=1)
        if self.consensus == 'max':
            return scores.amax(dim=1)
        crops, clips = self.view_layout(num_segs, num_clips)
        # [N, crops, clips, num_classes]: time-weighted sum, mean over crops
        scores = scores.view(-1, crops, clips, self.num_classes)
        weighted = torch.einsum('nrkc,k->nc', scores, self.weights_for(clips))
        return weighted / crops

    def loss(self, feats, data_samples, **kwargs) -> dict:
        kwargs.setdefault('num_clips', clips_per_video(data_samples))
        return super().loss(feats, data_samples, **kwargs)

    def predict(self, feats, data_samples, **kwargs):
        kwargs.setdefault('num_clips', clips_per_video(data_samples))
        return super().predict(feats, data_samples, **kwargs)
