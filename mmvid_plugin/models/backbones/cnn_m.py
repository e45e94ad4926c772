"""CNN-M-2048, the tower of both two-stream ConvNets (Simonyan & Zisserman,
NeurIPS 2014, Sec. 5 and Fig. 1; layer shapes from Chatfield et al., BMVC
2014)."""
from typing import Tuple

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

from ..layers import ceil_pool_size, conv_size, local_response_norm

# LRN of Chatfield et al.'s Caffe VGG-CNN-M models, written in Caffe's
# alpha / n convention: local_size 5, alpha 5e-4, beta 0.75, k 2, the
# constants Detectron's port of those weights repeats
# (facebookresearch/Detectron, detectron/modeling/VGG_CNN_M_1024.py:
# ``LRN(size=5, alpha=0.0005, beta=0.75, bias=2.)``). In Krizhevsky's
# un-divided form that is alpha = 1e-4, as in AlexNet.
VGG_M_LRN = dict(size=5, alpha=5e-4, beta=0.75, k=2.0, convention='caffe')


def _pooled(size: int) -> int:
    return ceil_pool_size(size, kernel=3, stride=2)


@MODELS.register_module()
class CNNM2048(BaseModule):
    """conv1 7x7x96/2 + LRN + pool, conv2 5x5x256/2 (+ LRN) + pool,
    conv3-5 3x3x512, pool5, full6 4096 + dropout, full7 2048 + dropout.

    LRN (``VGG_M_LRN``) has the Caffe VGG-CNN-M constants (n = 5,
    alpha = 5e-4 in Caffe's alpha / n form, beta = 0.75, k = 2), so Caffe
    VGG-M weights see the activations they were trained with.

    Pooling is 3x3 / 2 in Caffe's ceil mode, so a 224 input ends at
    pool5 6x6x512 and the two streams have 90,627,813 (spatial) and
    90,707,781 (temporal, 20 channels) parameters with a 101-way classifier
    (docs/papers.md §3).

    Args:
        in_channels: 3 for the spatial stream, 2L (L=10: 20) for the
            temporal stream of stacked x/y flow.
        input_size: Side of the square input; fixes full6's fan-in.
        lrn_after_conv2: The spatial net normalises after conv2; the
            temporal net does not ("removed to save memory", Sec. 5, as
            recalled from the paper, not checked against its text).
        subtract_mean_flow: Subtract every input channel's spatial mean,
            i.e. each displacement field's mean vector (camera-motion
            compensation, Sec. 3.1, as recalled). For the temporal stream.
        dropout_ratio: Dropout after full6 and full7; 0.5 as Chatfield et
            al. (as recalled). The two-stream paper's ratios are recalled
            as 0.5 (spatial) and 0.9 (temporal), Sec. 6 / Table 1a, not
            checked against the paper text, so nothing here sets 0.9.
        features_only: Stop at pool5 and return its (512, 6, 6) maps (no
            full6 / full7): per-frame features for pooling necks.
        init_cfg: MMEngine initialisation config.
    """

    def __init__(self,
                 in_channels: int = 3,
                 input_size: int = 224,
                 lrn_after_conv2: bool = True,
                 subtract_mean_flow: bool = False,
                 dropout_ratio: float = 0.5,
                 features_only: bool = False,
                 init_cfg=(dict(type='Kaiming', layer='Conv2d'),
                           dict(type='Normal', std=0.005, layer='Linear'))):
        super().__init__(init_cfg=list(init_cfg) if init_cfg else None)
        self.in_channels = in_channels
        self.input_size = input_size
        self.subtract_mean_flow = subtract_mean_flow

        def lrn():
            return local_response_norm(**VGG_M_LRN)

        def pool():
            return nn.MaxPool2d(3, stride=2, ceil_mode=True)

        relu = nn.ReLU(inplace=True)
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 96, 7, stride=2), relu, lrn(), pool(),
            nn.Conv2d(96, 256, 5, stride=2, padding=1), relu,
            lrn() if lrn_after_conv2 else nn.Identity(), pool(),
            nn.Conv2d(256, 512, 3, padding=1), relu,
            nn.Conv2d(512, 512, 3, padding=1), relu,
            nn.Conv2d(512, 512, 3, padding=1), relu, pool())
        # split points after each conv's ReLU (two-stream fusion layers)
        self.fusion_points = dict(relu1=2, relu2=6, relu3=10, relu4=12,
                                  relu5=14)
        side = self.pool5_size(input_size)
        if side < 1:
            raise ValueError(f'CNNM2048: input_size={input_size} is too small'
                             ' for five strided stages; expected >= 47')
        self.features_only = features_only
        if features_only:
            self.classifier = nn.Sequential()
            self.out_channels = 512
            return
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(512 * side * side, 4096), relu,
            nn.Dropout(dropout_ratio), nn.Linear(4096, 2048), relu,
            nn.Dropout(dropout_ratio))
        self.out_channels = 2048

    @staticmethod
    def pool5_size(input_size: int) -> int:
        """Side of pool5 for a square input (6 for 224)."""
        side = _pooled(conv_size(input_size, 7, 2, 0))
        side = _pooled(conv_size(side, 5, 2, 1))
        return _pooled(side)

    def feature_shape(self) -> Tuple[int, int, int]:
        side = self.pool5_size(self.input_size)
        return (512, side, side)

    def check_input(self, x: torch.Tensor) -> torch.Tensor:
        """Check the input size; subtract the mean flow if configured."""
        if x.shape[-2:] != (self.input_size, self.input_size):
            raise ValueError(
                f'CNNM2048 was built for {self.input_size}x{self.input_size} '
                f'inputs (input_size), got {tuple(x.shape[-2:])}')
        if self.subtract_mean_flow:
            x = x - x.mean(dim=(2, 3), keepdim=True)
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, H, W] -> [N, 2048] ([N, 512, 6, 6] with features_only)
        return self.classifier(self.features(self.check_input(x)))
