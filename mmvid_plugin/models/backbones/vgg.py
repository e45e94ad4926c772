"""VGG-16 (Simonyan & Zisserman, ICLR 2015, configuration D) as one tower
of the two-stream fusion network (Feichtenhofer et al., CVPR 2016, Sec. 4;
the release's ``cnn_ucf101_fusion.m`` loads ``ucf101-img-vgg16`` and
``ucf101-TVL1flow-vgg16``)."""
from typing import Dict, List

import torch
from mmengine.model import BaseModule
from torch import nn

from mmaction.registry import MODELS

# channels per conv, 'M' = 2x2 max-pool, stride 2
VGG16_LAYOUT = (64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512,
                512, 'M', 512, 512, 512, 'M')


def vgg_features(in_channels: int, layout=VGG16_LAYOUT):
    """(features, fusion points): 'reluK' = after the last ReLU of block K."""
    layers: List[nn.Module] = []
    points: Dict[str, int] = {}
    block = 1
    for entry in layout:
        if entry == 'M':
            points[f'relu{block}'] = len(layers)
            layers.append(nn.MaxPool2d(2, 2))
            block += 1
            continue
        layers += [nn.Conv2d(in_channels, entry, 3, padding=1),
                   nn.ReLU(inplace=True)]
        in_channels = entry
    return nn.Sequential(*layers), points


@MODELS.register_module()
class VGG16Tower(BaseModule):
    """13 conv layers (3x3, pad 1) in 5 blocks with 2x2 max-pools, then
    fc6 4096 and fc7 4096 with ReLU and dropout; the classifier (fc8) is
    the head. 134,674,341 parameters with a 101-way fc8
    (docs/papers.md §5).

    Args:
        in_channels: 3 (RGB) or 2L (stacked flow, L = 10: 20).
        input_size: Square input side; fixes fc6's fan-in (224: 7x7x512).
        dropout_ratio: Dropout after fc6 and fc7 (0.85 in the fusion
            release, 0.5 in VGG).
    """

    def __init__(self, in_channels: int = 3, input_size: int = 224,
                 dropout_ratio: float = 0.5,
                 init_cfg=(dict(type='Kaiming', layer='Conv2d'),
                           dict(type='Normal', std=0.005, layer='Linear'))):
        super().__init__(init_cfg=list(init_cfg) if init_cfg else None)
        if input_size < 32:
            raise ValueError(f'VGG16Tower: input_size={input_size}; expected'
                             ' >= 32 for five 2x2 pools')
        self.in_channels = in_channels
        self.input_size = input_size
        self.features, self.fusion_points = vgg_features(in_channels)
        side = input_size // 32
        relu = nn.ReLU(inplace=True)
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(512 * side * side, 4096), relu,
            nn.Dropout(dropout_ratio), nn.Linear(4096, 4096), relu,
            nn.Dropout(dropout_ratio))
        self.out_channels = 4096

    def check_input(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[-2:] != (self.input_size, self.input_size):
            raise ValueError(
                f'VGG16Tower was built for {self.input_size}x'
                f'{self.input_size} inputs (input_size), got '
                f'{tuple(x.shape[-2:])}')
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, H, W] -> [N, 4096]
        return self.classifier(self.features(self.check_input(x)))
