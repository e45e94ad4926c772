"""One tower of a two-stream network (Simonyan & Zisserman, NeurIPS 2014;
Feichtenhofer et al., CVPR 2016, Sec. 3): a 2D ConvNet run frame by frame
whose layers have names, so that a fusion recognizer cuts it after a named
layer and reads the channels there from the layers themselves."""
from typing import Dict, List, Sequence, Tuple

import torch
from mmengine.model import BaseModule
from torch import nn

TOWER_INIT = (dict(type='Kaiming', layer='Conv2d'),
              dict(type='Normal', std=0.005, layer='Linear'))
Layers = Sequence[Tuple[str, nn.Module]]


def fc_layers(in_features: int, widths: Sequence[int],
              dropout_ratio: float) -> Layers:
    """flatten, then fc6, relu6, drop6, fc7, relu7, drop7 (one triple
    per width)."""
    layers = [('flatten', nn.Flatten())]
    for index, width in enumerate(widths, start=6):
        layers += [(f'fc{index}', nn.Linear(in_features, width)),
                   (f'relu{index}', nn.ReLU(inplace=True)),
                   (f'drop{index}', nn.Dropout(dropout_ratio))]
        in_features = width
    return layers


class FusionTower(BaseModule):
    """``features`` (ending with 'pool5') then ``classifier`` (fc6, fc7),
    built from named layers; the fusion layers ``cut_points`` name the
    layer after which the tower is cut.

    Args:
        in_channels: 3 (RGB) or 2L (stacked x / y flow).
        input_size: Side of the square input the tower was built for.
        subtract_mean_flow: ``remove_mean_flow`` subtracts every input
            channel's spatial mean (Simonyan & Zisserman, Sec. 3.1).
        init_cfg: MMEngine initialisation config.
    """
    cut_points: Dict[str, str] = {}  # fusion layer -> layer it cuts after

    def __init__(self, in_channels: int, input_size: int,
                 subtract_mean_flow: bool = False, init_cfg=TOWER_INIT):
        super().__init__(init_cfg=list(init_cfg) if init_cfg else None)
        self.in_channels = in_channels
        self.input_size = input_size
        self.subtract_mean_flow = subtract_mean_flow
        self._by_name: Dict[str, nn.Module] = {}

    def named_sequential(self, layers: Layers) -> nn.Sequential:
        """An index-keyed Sequential whose layers ``layer`` finds by name."""
        for name, module in layers:
            if name in self._by_name:
                raise ValueError(f'{type(self).__name__}: two layers are '
                                 f'named {name!r}')
            self._by_name[name] = module
        return nn.Sequential(*(module for _, module in layers))

    def layer(self, name: str) -> nn.Module:
        if name not in self._by_name:
            raise ValueError(f'{type(self).__name__}: no layer {name!r}; '
                             f'it has {sorted(self._by_name)}')
        return self._by_name[name]

    def layers(self) -> List[nn.Module]:
        return list(self.features) + list(self.classifier)

    def fusion_layers(self, maps_only: bool = False) -> List[str]:
        """The fusion layers in network order (only those cutting
        ``features`` with ``maps_only``)."""
        names = [name for name, layer in self.cut_points.items()
                 if layer in self._by_name]
        return [name for name in names
                if not maps_only or self.cuts_maps(name)]

    def cut_index(self, point: str) -> int:
        """Position just after the layer the fusion layer ``point`` names."""
        if point not in self.cut_points:
            raise ValueError(f'{type(self).__name__}: fusion layer '
                             f'{point!r}; expected one of '
                             f'{list(self.cut_points)}')
        target = self.layer(self.cut_points[point])
        for index, module in enumerate(self.layers()):
            if module is target:
                return index + 1
        raise ValueError(f'{type(self).__name__}: layer '
                         f'{self.cut_points[point]!r} is no longer in the '
                         'tower')

    def layers_through(self, point: str) -> List[nn.Module]:
        return self.layers()[:self.cut_index(point)]

    def layers_after(self, point: str) -> List[nn.Module]:
        return self.layers()[self.cut_index(point):]

    def cuts_maps(self, point: str) -> bool:
        """Whether ``point`` lies in ``features`` (maps, not vectors)."""
        return self.cut_index(point) <= len(self.features)

    def channels_at(self, point: str) -> int:
        """Channels leaving the last conv / linear layer up to ``point``."""
        return last_width(self.layers_through(point), type(self).__name__)

    @property
    def out_channels(self) -> int:
        return last_width(self.layers(), type(self).__name__)

    def drop_after(self, point: str) -> None:
        """Remove every layer after ``point``."""
        cut, features = self.cut_index(point), len(self.features)
        if cut <= features:
            self.features = self.features[:cut]
            self.classifier = nn.Sequential()
        else:
            self.classifier = self.classifier[:cut - features]

    def widen_after(self, point: str, factor: int) -> None:
        """The first conv / linear after ``point`` takes ``factor`` times
        its input channels (none there: the head takes them)."""
        after = self.layers_after(point)
        for part in (self.features, self.classifier):
            for index, module in enumerate(part):
                new = widened(module, factor) if module in after else None
                if new is not None:
                    part[index] = new
                    name = next(key for key, value in self._by_name.items()
                                if value is module)
                    self._by_name[name] = new
                    return

    def freeze_through(self, point: str) -> None:
        """No gradient for ``point``'s layer and every layer below it."""
        nn.Sequential(*self.layers_through(point)).requires_grad_(False)

    def check_input(self, x: torch.Tensor) -> None:
        if x.shape[-2:] != (self.input_size, self.input_size):
            raise ValueError(
                f'{type(self).__name__} was built for {self.input_size}x'
                f'{self.input_size} inputs (input_size), got '
                f'{tuple(x.shape[-2:])}')

    def remove_mean_flow(self, x: torch.Tensor) -> torch.Tensor:
        """x less each channel's spatial mean (camera-motion compensation
        of the temporal stream) with ``subtract_mean_flow``; else x."""
        if self.subtract_mean_flow:
            return x - x.mean(dim=(2, 3), keepdim=True)
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, H, W] -> [N, out_channels]
        self.check_input(x)
        return self.classifier(self.features(self.remove_mean_flow(x)))


def last_width(layers: Sequence[nn.Module], owner: str) -> int:
    for module in reversed(list(layers)):
        for key in ('out_channels', 'out_features'):
            if isinstance(getattr(module, key, None), int):
                return getattr(module, key)
    raise ValueError(f'{owner}: no conv or linear layer to read channels '
                     'from')


def widened(old: nn.Module, factor: int):
    """``old`` rebuilt with ``factor`` times its input width, or None when
    it is not a conv / linear layer."""
    if isinstance(old, nn.Conv2d):
        return nn.Conv2d(old.in_channels * factor, old.out_channels,
                         old.kernel_size, old.stride, old.padding)
    if isinstance(old, nn.Linear):
        return nn.Linear(old.in_features * factor, old.out_features)
    return None
