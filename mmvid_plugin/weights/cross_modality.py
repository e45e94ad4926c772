"""Cross-modality initialisation (Wang et al., TSN, ECCV 2016, Sec. 3.2):
a flow or RGB-difference model starts from RGB weights, its first conv's
kernels averaged over the 3 RGB channels and the mean replicated to its
input channels. Applied through ``CrossModalityInitHook`` (``load_from`` /
``pretrained``), ``init_cfg=dict(type='CrossModalityPretrained', ...)`` or
``init_cfg=dict(type='ConvertedPretrained', source='cross-modality',
...)``."""
import logging
from typing import Dict, List, Tuple

import torch
from mmaction.registry import WEIGHT_INITIALIZERS
from mmengine.logging import print_log
from mmengine.runner.checkpoint import _load_checkpoint

from ..utils.state_dict_match import (check_checkpoint_matches,
                                      matching_keys, without_ddp_prefix)
from .source import WeightSource, register_source
from .torchvision import convert_torchvision_resnet

#: The checkpoints cross-modality initialisation accepts, for messages.
RGB_SOURCES = ('an MMEngine / MMAction2 checkpoint of an RGB model of this '
               'architecture (e.g. TSN-RGB), or a torchvision ResNet file '
               '(e.g. ImageNet: conv1.weight, bn1.*, layer1.0.conv1.weight, '
               'fc.*)')


def cross_modality_state_dict(
        state_dict: Dict[str, torch.Tensor],
        model_state: Dict[str, torch.Tensor]
) -> Tuple[Dict[str, torch.Tensor], List[str]]:
    """Adapt RGB conv kernels to a model whose conv takes other channels.

    As the official code (tsn-pytorch ``_construct_flow_model``): the kernel
    is averaged over its 3 RGB input channels and the mean is **replicated,
    not rescaled**, to the new channel count (2L for flow, 3L for RGB
    difference).

    Returns:
        The adapted state dict and the keys that were adapted.
    """
    adapted, keys = dict(state_dict), []
    for key, value in state_dict.items():
        target = model_state.get(key)
        if (target is None or not torch.is_tensor(value) or value.dim() < 4
                or value.shape == target.shape):
            continue
        same_elsewhere = (value.shape[0] == target.shape[0]
                          and value.shape[2:] == target.shape[2:])
        if value.shape[1] == 3 and same_elsewhere:
            mean = value.mean(dim=1, keepdim=True)
            adapted[key] = mean.expand(-1, target.shape[1],
                                       *mean.shape[2:]).clone()
            keys.append(key)
    return adapted, keys


def checkpoint_layouts(
        state: Dict[str, torch.Tensor]) -> Dict[str, Dict[str, torch.Tensor]]:
    """The key layouts an RGB checkpoint may be read in: as saved (a
    DDP ``module.`` prefix removed), and a torchvision ResNet's keys renamed
    for a ``Recognizer2D`` and for a bare backbone."""
    saved = without_ddp_prefix(state)
    recognizer = convert_torchvision_resnet(saved, strict=False)
    backbone = {k[len('backbone.'):]: v for k, v in recognizer.items()
                if k.startswith('backbone.')}
    return {'as saved': saved, 'torchvision ResNet': recognizer,
            'torchvision ResNet (backbone)': backbone}


def rgb_init_state(
    state: Dict[str, torch.Tensor], model_state: Dict[str, torch.Tensor],
    source: str
) -> Tuple[Dict[str, torch.Tensor], List[str], List[str]]:
    """Read an RGB checkpoint for a model whose first conv may take other
    channels (TSN Sec. 3.2, cross-modality initialisation).

    The layout of :func:`checkpoint_layouts` under which most tensors fit
    the model is taken, then the RGB kernels are adapted by
    :func:`cross_modality_state_dict`.

    Args:
        state: The checkpoint's state dict.
        model_state: ``state_dict()`` of the receiving model.
        source: The checkpoint's file, for messages.

    Returns:
        The state dict in the model's keys, the adapted keys and the keys
        that load (same name and shape).

    Raises:
        CheckpointMismatchError: no tensor fits under any layout.
    """
    best = None
    for layout, candidate in checkpoint_layouts(state).items():
        adapted, keys = cross_modality_state_dict(candidate, model_state)
        fits = len(matching_keys(adapted, model_state))
        if best is None or fits > best[0]:
            best = (fits, layout, adapted, keys)
    _, layout, adapted, keys = best
    matched = check_checkpoint_matches(adapted, model_state, source,
                                       RGB_SOURCES)
    if layout != 'as saved':
        print_log(f'checkpoint {source}: read as a {layout} file, keys '
                  "renamed to MMAction2's ResNet", logger='current',
                  level=logging.INFO)
    return adapted, keys, matched


def log_adapted(keys: List[str], source: str) -> None:
    if keys:
        print_log(f'cross-modality init from {source}: RGB channel mean '
                  f'replicated for {keys}', logger='current',
                  level=logging.INFO)


@WEIGHT_INITIALIZERS.register_module()
class CrossModalityPretrained:
    """Load RGB weights into a module whose first conv takes other inputs.

    The checkpoint may be any of :data:`~.tsn_practices.RGB_SOURCES`; a
    checkpoint none of whose tensors fits raises
    :class:`~mmvid_plugin.utils.CheckpointMismatchError`, a partial fit is
    logged.

    Args:
        checkpoint: Local path of an RGB checkpoint (MMEngine or plain state
            dict).
        prefix: Keep only keys under this prefix (e.g. ``'backbone.'``),
            with the prefix removed.
        map_location: As ``torch.load``.
    """

    def __init__(self, checkpoint: str, prefix: str = None,
                 map_location: str = 'cpu'):
        self.checkpoint = checkpoint
        self.prefix = prefix
        self.map_location = map_location

    def __call__(self, module):
        loaded = _load_checkpoint(self.checkpoint, self.map_location)
        state = loaded.get('state_dict', loaded)
        if self.prefix:
            state = {k[len(self.prefix):]: v for k, v in state.items()
                     if k.startswith(self.prefix)}
        state, keys, matched = rgb_init_state(state, module.state_dict(),
                                              self.checkpoint)
        log_adapted(keys, self.checkpoint)
        module.load_state_dict({k: state[k] for k in matched}, strict=False)

    def _get_init_info(self):
        return f'{self.__class__.__name__}: load from {self.checkpoint}'


@register_source
class CrossModalitySource(WeightSource):
    """RGB weights for a model of another input modality (the checkpoints
    of :data:`RGB_SOURCES`); tensors that fit neither way are left out
    (logged), e.g. a classifier of another class count."""
    name = 'cross-modality'
    description = ('RGB weights (MMAction2 / torchvision ResNet) for a flow '
                   'or RGB-difference model of the same architecture')
    any_config = True

    def convert(self, state, model, target):
        adapted, keys, matched = rgb_init_state(state, target, model)
        log_adapted(keys, model)
        return {k: adapted[k] for k in matched}
