"""VGG-16 (Simonyan & Zisserman, ICLR 2015, configuration D) as one tower
of the two-stream fusion network (Feichtenhofer et al., CVPR 2016, Sec. 4;
the release's ``cnn_ucf101_fusion.m`` loads ``ucf101-img-vgg16`` and
``ucf101-TVL1flow-vgg16``)."""
from typing import List, Tuple

from torch import nn

from mmaction.registry import MODELS

from .fusion_tower import TOWER_INIT, FusionTower, fc_layers

# channels per conv, 'M' = 2x2 max-pool, stride 2
VGG16_LAYOUT = (64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512,
                512, 'M', 512, 512, 512, 'M')


def vgg_features(in_channels: int,
                 layout=VGG16_LAYOUT) -> List[Tuple[str, nn.Module]]:
    """Named conv layers: convK_J, reluK_J, then poolK after block K."""
    layers: List[Tuple[str, nn.Module]] = []
    block, conv = 1, 1
    for entry in layout:
        if entry == 'M':
            layers.append((f'pool{block}', nn.MaxPool2d(2, 2)))
            block, conv = block + 1, 1
            continue
        layers += [(f'conv{block}_{conv}',
                    nn.Conv2d(in_channels, entry, 3, padding=1)),
                   (f'relu{block}_{conv}', nn.ReLU(inplace=True))]
        in_channels, conv = entry, conv + 1
    return layers


@MODELS.register_module()
class VGG16Tower(FusionTower):
    """13 conv layers (3x3, pad 1) in 5 blocks with 2x2 max-pools, then
    fc6 4096 and fc7 4096 with ReLU and dropout; the classifier (fc8) is
    the head. 134,674,341 parameters with a 101-way fc8
    (docs/papers.md §5). 'reluK' cuts after block K's last ReLU (the
    release's ``relu5_3``).

    Args:
        in_channels: 3 (RGB) or 2L (stacked flow, L = 10: 20).
        input_size: Square input side; fixes fc6's fan-in (224: 7x7x512).
        dropout_ratio: Dropout after fc6 and fc7 (0.85 in the fusion
            release, 0.5 in VGG).
    """
    cut_points = dict(relu1='relu1_2', relu2='relu2_2', relu3='relu3_3',
                      relu4='relu4_3', relu5='relu5_3', fc6='drop6',
                      fc7='drop7')

    def __init__(self, in_channels: int = 3, input_size: int = 224,
                 dropout_ratio: float = 0.5, init_cfg=TOWER_INIT):
        super().__init__(in_channels, input_size, init_cfg=init_cfg)
        if input_size < 32:
            raise ValueError(f'VGG16Tower: input_size={input_size}; expected'
                             ' >= 32 for five 2x2 pools')
        self.features = self.named_sequential(vgg_features(in_channels))
        side = input_size // 32
        self.classifier = self.named_sequential(
            fc_layers(512 * side * side, (4096, 4096), dropout_ratio))
