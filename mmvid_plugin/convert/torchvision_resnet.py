"""torchvision 2D ResNet state dicts (``resnet18`` ... ``resnet152``, e.g.
the ImageNet files) -> MMAction2 ``ResNet`` keys, as in
``Recognizer2D(backbone=ResNet, ...)``.

torchvision names each conv and its BN apart (``conv1`` / ``bn1``,
``layerX.Y.convN`` / ``bnN``, ``downsample.0`` / ``.1``); MMAction2's
ResNet wraps both in one ``ConvModule`` (``conv1.conv`` / ``conv1.bn``,
``layerX.Y.convN.conv`` / ``.bn``, ``downsample.conv`` / ``.bn``). The
ImageNet classifier ``fc`` becomes ``cls_head.fc_cls``.
"""
import re
from typing import Dict, Optional

import torch

RENAMES = (
    (re.compile(r'^conv1\.'), 'conv1.conv.'),
    (re.compile(r'^bn1\.'), 'conv1.bn.'),
    (re.compile(r'^(layer\d+\.\d+\.)conv(\d+)\.'), r'\1conv\2.conv.'),
    (re.compile(r'^(layer\d+\.\d+\.)bn(\d+)\.'), r'\1conv\2.bn.'),
    (re.compile(r'^(layer\d+\.\d+\.downsample\.)0\.'), r'\1conv.'),
    (re.compile(r'^(layer\d+\.\d+\.downsample\.)1\.'), r'\1bn.'),
)


def mmaction_resnet_key(key: str) -> Optional[str]:
    """One torchvision ResNet backbone key -> MMAction2 ResNet key, or None
    when ``key`` is not a torchvision backbone key."""
    for pattern, replacement in RENAMES:
        renamed, count = pattern.subn(replacement, key)
        if count:
            return renamed
    return None


def convert_torchvision_resnet(
        state: Dict[str, torch.Tensor],
        strict: bool = True) -> Dict[str, torch.Tensor]:
    """A torchvision ResNet state dict -> ``Recognizer2D`` keys.

    Args:
        state: torchvision keys (``conv1.weight``, ``layer1.0.bn1.bias``,
            ``fc.weight``...).
        strict: Raise on a key that is not torchvision's; otherwise leave
            it out.

    Raises:
        KeyError: ``strict`` and a key is not of a torchvision ResNet.
    """
    converted = {}
    for key, value in state.items():
        if key.startswith('fc.'):
            converted[f'cls_head.fc_cls.{key[3:]}'] = value
            continue
        renamed = mmaction_resnet_key(key)
        if renamed is not None:
            converted[f'backbone.{renamed}'] = value
        elif strict:
            raise KeyError(
                f'{key!r} is not a torchvision ResNet key (conv1.*, bn1.*, '
                'layerX.Y.convN.* / bnN.* / downsample.0|1.*, fc.*)')
    return converted
