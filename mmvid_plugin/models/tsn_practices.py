"""TSN's training practices for 2D backbones (Wang et al., ECCV 2016, Sec.
3.2): partial BN and cross-modality initialisation."""
import logging
from typing import Dict, List, Tuple

import torch
from mmengine.logging import print_log
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm


def frozen_batch_norms(model: nn.Module) -> List[_BatchNorm]:
    """Every BatchNorm of ``model`` but the first, in module order."""
    norms = [m for m in model.modules() if isinstance(m, _BatchNorm)]
    return norms[1:]


def apply_partial_bn(model: nn.Module) -> int:
    """Freeze statistics and affine parameters of all BN layers but the first.

    Call after every ``model.train()``: it puts those layers back in eval
    mode. Returns the number of frozen layers.
    """
    frozen = frozen_batch_norms(model)
    for norm in frozen:
        norm.eval()
        for parameter in norm.parameters(recurse=False):
            parameter.requires_grad_(False)
    return len(frozen)


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


def log_adapted(keys: List[str], source: str) -> None:
    if keys:
        print_log(f'cross-modality init from {source}: RGB channel mean '
                  f'replicated for {keys}', logger='current',
                  level=logging.INFO)
