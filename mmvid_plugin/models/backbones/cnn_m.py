"""CNN-M-2048, the tower of both two-stream ConvNets (Simonyan & Zisserman,
NeurIPS 2014, Sec. 5 and Fig. 1; layer shapes from Chatfield et al., BMVC
2014)."""
from typing import Tuple

from torch import nn

from mmaction.registry import MODELS

from ..layers import ceil_pool_size, conv_size, local_response_norm
from .fusion_tower import TOWER_INIT, FusionTower, fc_layers

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
class CNNM2048(FusionTower):
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

    cut_points = dict(relu1='relu1', relu2='relu2', relu3='relu3',
                      relu4='relu4', relu5='relu5', fc6='drop6',
                      fc7='drop7')

    def __init__(self,
                 in_channels: int = 3,
                 input_size: int = 224,
                 lrn_after_conv2: bool = True,
                 subtract_mean_flow: bool = False,
                 dropout_ratio: float = 0.5,
                 features_only: bool = False,
                 init_cfg=TOWER_INIT):
        super().__init__(in_channels, input_size, subtract_mean_flow,
                         init_cfg)
        side = self.pool5_size(input_size)
        if side < 1:
            raise ValueError(f'CNNM2048: input_size={input_size} is too small'
                             ' for five strided stages; expected >= 47')

        def lrn():
            return local_response_norm(**VGG_M_LRN)

        def pool():
            return nn.MaxPool2d(3, stride=2, ceil_mode=True)

        def relu():
            return nn.ReLU(inplace=True)

        self.features = self.named_sequential([
            ('conv1', nn.Conv2d(in_channels, 96, 7, stride=2)),
            ('relu1', relu()), ('norm1', lrn()), ('pool1', pool()),
            ('conv2', nn.Conv2d(96, 256, 5, stride=2, padding=1)),
            ('relu2', relu()),
            ('norm2', lrn() if lrn_after_conv2 else nn.Identity()),
            ('pool2', pool()),
            ('conv3', nn.Conv2d(256, 512, 3, padding=1)), ('relu3', relu()),
            ('conv4', nn.Conv2d(512, 512, 3, padding=1)), ('relu4', relu()),
            ('conv5', nn.Conv2d(512, 512, 3, padding=1)), ('relu5', relu()),
            ('pool5', pool())])
        self.features_only = features_only
        self.classifier = self.named_sequential(
            [] if features_only else
            fc_layers(512 * side * side, (4096, 2048), dropout_ratio))

    @staticmethod
    def pool5_size(input_size: int) -> int:
        """Side of pool5 for a square input (6 for 224)."""
        side = _pooled(conv_size(input_size, 7, 2, 0))
        side = _pooled(conv_size(side, 5, 2, 1))
        return _pooled(side)

    def feature_shape(self) -> Tuple[int, int, int]:
        side = self.pool5_size(self.input_size)
        return (512, side, side)
