"""The classification head of PySlowFast's ResNets (``slowfast/models/
head_helper.py`` ``ResNetBasicHead``) and of PyTorchVideo's as PySlowFast
evaluates them (``slowfast/models/ptv_model_builder.py``, e.g.
``PTVResNet.forward``): per pathway an average pool of a fixed window
(``[T, TRAIN_CROP_SIZE // 32, TRAIN_CROP_SIZE // 32]``, stride 1: the
whole map at the training crop), the classifier at every window position,
and at larger test crops (256 px: 2 x 2 positions) the mean of the
positions' softmax ("fully convolutional inference")."""
from typing import Sequence, Union

import torch
from mmengine.model.weight_init import normal_init
from torch import nn
from torch.nn import functional as F

from mmaction.models.heads.base import BaseHead
from mmaction.registry import MODELS


@MODELS.register_module()
class WindowPoolHead(BaseHead):
    """Window average pool -> dropout -> fc at every position.

    One position gives its logits. Several give the log of the mean of
    their softmax, so that the softmax of the score (``average_clips=
    'prob'``) is the releases' probability of the view; the cross entropy
    of it is that of the mean probability.

    Args:
        num_classes: Classes.
        in_channels: Channels of all pathways together.
        pool_sizes: (T, H, W) window per input pathway, in the backbone's
            output order ((slow, fast) for ``SlowFastResNet``); a map
            smaller than its window is pooled whole.
        dropout_ratio: Dropout before the fc (``MODEL.DROPOUT_RATE`` 0.5).
        init_std: Normal std of the fc weight (``MODEL.FC_INIT_STD``).

    Two pathways are concatenated [Fast, Slow], as MMAction2's
    ``SlowFastHead``, so the two heads share one weight layout.
    """

    def __init__(self, num_classes: int, in_channels: int,
                 pool_sizes: Sequence[Sequence[int]] = ((4, 7, 7), ),
                 dropout_ratio: float = 0.5, init_std: float = 0.01,
                 **kwargs):
        super().__init__(num_classes, in_channels, **kwargs)
        self.pool_sizes = [tuple(size) for size in pool_sizes]
        if not self.pool_sizes or any(len(s) != 3 for s in self.pool_sizes):
            raise ValueError(f'WindowPoolHead: pool_sizes={pool_sizes}; '
                             'expected one (T, H, W) per pathway')
        self.dropout = nn.Dropout(dropout_ratio) if dropout_ratio else None
        self.fc_cls = nn.Linear(in_channels, num_classes)
        self.init_std = init_std

    def init_weights(self) -> None:
        normal_init(self.fc_cls, std=self.init_std)

    def pooled(self, x: Union[torch.Tensor, Sequence[torch.Tensor]]
               ) -> torch.Tensor:
        """[N, C, P] window means at every position P, [Fast, Slow]."""
        maps = [x] if torch.is_tensor(x) else list(x)
        if len(maps) != len(self.pool_sizes):
            raise ValueError(f'WindowPoolHead: {len(maps)} pathways, '
                             f'{len(self.pool_sizes)} pool_sizes')
        pooled = []
        for feature, size in zip(maps, self.pool_sizes):
            # int(): sizes are tensors when traced (FLOP counting)
            kernel = tuple(min(k, int(s))
                           for k, s in zip(size, feature.shape[2:]))
            pooled.append(F.avg_pool3d(feature, kernel, stride=1))
        positions = [tuple(int(s) for s in p.shape[2:]) for p in pooled]
        if len(set(positions)) != 1:
            raise ValueError(f'WindowPoolHead: the pathways pool to '
                             f'{positions} positions; they must agree')
        return torch.cat(pooled[::-1], dim=1).flatten(2)

    def forward(self, x, **kwargs) -> torch.Tensor:
        # [N, C, T, H, W] (or (slow, fast)) -> [N, K]
        features = self.pooled(x).transpose(1, 2)  # [N, P, C]
        if self.dropout is not None:
            features = self.dropout(features)
        logits = self.fc_cls(features)  # [N, P, K]
        if logits.shape[1] == 1:
            return logits[:, 0]
        probs = logits.softmax(dim=-1).mean(dim=1)
        return probs.clamp_min(torch.finfo(probs.dtype).tiny).log()
