"""I3D's logits (Carreira & Zisserman 2017, official ``i3d.py``): average
pool 2x7x7 with stride 1 (VALID), dropout, a 1x1x1 conv with bias, then the
mean over the remaining time positions."""
import torch
from torch import nn

from mmaction.models.heads.base import BaseHead
from mmengine.model.weight_init import normal_init
from mmaction.registry import MODELS


@MODELS.register_module()
class I3DLogitsHead(BaseHead):
    """Args:
        num_classes: Classes.
        in_channels: 1024 for Inception-V1.
        pool_size: (T, H, W) of the average pool (2, 7, 7).
        dropout_ratio: Dropout before the logits conv (0.5).
    """

    def __init__(self, num_classes: int, in_channels: int = 1024,
                 pool_size=(2, 7, 7), dropout_ratio: float = 0.5,
                 init_std: float = 0.01, **kwargs):
        super().__init__(num_classes, in_channels, **kwargs)
        self.pool = nn.AvgPool3d(pool_size, stride=1)
        self.dropout = nn.Dropout(dropout_ratio)
        self.logits = nn.Conv3d(in_channels, num_classes, 1)
        self.init_std = init_std

    def init_weights(self) -> None:
        normal_init(self.logits, std=self.init_std)

    def forward(self, x: torch.Tensor, **kwargs) -> torch.Tensor:
        # [N, 1024, T, 7, 7] -> [N, K, T - 1, 1, 1] -> mean -> [N, K]
        if any(size < kernel
               for size, kernel in zip(x.shape[2:], self.pool.kernel_size)):
            raise ValueError(f'I3DLogitsHead: features {tuple(x.shape)} are '
                             'smaller than pool_size '
                             f'{self.pool.kernel_size}')
        return self.logits(self.dropout(self.pool(x))).mean(dim=(2, 3, 4))
