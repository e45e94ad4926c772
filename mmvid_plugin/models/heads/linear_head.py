"""A linear classifier on backbone or neck features."""
import torch
from mmaction.models.heads.base import BaseHead
from mmaction.registry import MODELS
from mmengine.model.weight_init import normal_init
from torch import nn

from ...utils import check_choice

SPATIAL_TYPES = ('avg', None)


@MODELS.register_module()
class LinearHead(BaseHead):
    """Average pooling of 4D maps (optional), dropout, one linear layer.

    The plain classifier of the DeepVideo, two-stream, snippet-pooling and
    conv-fusion configs here. When MMAction2's
    ``Recognizer2D`` hands it several views of a video (``num_segs``), their
    class scores are averaged into the video's.

    Args:
        num_classes: Number of classes.
        in_channels: Channels of the input features.
        spatial_type: ``'avg'`` pools (N, C, H, W) maps; None for vectors.
        dropout_ratio: Dropout before the classifier (0 for none).
        init_std: Std of the classifier's normal init (bias 0).
        **kwargs: ``loss_cls``, ``average_clips``... as in ``BaseHead``.
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 spatial_type: str = 'avg',
                 dropout_ratio: float = 0.5,
                 init_std: float = 0.01,
                 **kwargs):
        super().__init__(num_classes, in_channels, **kwargs)
        check_choice(type(self).__name__, 'spatial_type', spatial_type,
                     SPATIAL_TYPES)
        self.spatial_type = spatial_type
        self.init_std = init_std
        self.dropout = nn.Dropout(dropout_ratio) if dropout_ratio else None
        self.fc_cls = nn.Linear(in_channels, num_classes)

    def init_weights(self) -> None:
        normal_init(self.fc_cls, std=self.init_std)

    def view_scores(self, x: torch.Tensor, num_segs: int) -> torch.Tensor:
        """Scores per view: [N * K, C(, H, W)] -> [N, K, num_classes]."""
        if self.spatial_type == 'avg' and x.dim() == 4:
            x = x.mean(dim=(2, 3))
        if self.dropout is not None:
            x = self.dropout(x)
        return self.fc_cls(x).view(-1, num_segs, self.num_classes)

    def forward(self, x: torch.Tensor, num_segs: int = 1,
                **kwargs) -> torch.Tensor:
        # [N, K, num_classes] -> [N, num_classes]
        return self.view_scores(x, num_segs).mean(dim=1)
