"""torchvision ``r3d_18`` / ``mc3_18`` / ``r2plus1d_18`` state dicts ->
``Recognizer3D(backbone=VideoResNet, cls_head=I3DHead)`` keys.

torchvision wraps each block conv as ``convN = Sequential(conv, BN[,
ReLU])``; ours keeps ``convN`` and ``bnN`` apart. The stem, the (2+1)D
inner layout and the downsample shortcut have the same indices. Build the
target with ``variant='r3d' / 'mc3' / 'r2plus1d'``, ``depth=18``,
``bn_eps=1e-5`` (torchvision's) and, for R(2+1)D,
``block_midplanes=True``.
"""
import re
from typing import Dict

import torch

BLOCK = re.compile(r'^layer(\d)\.(\d+)\.(conv[12]|downsample)\.(\d+)\.(.*)$')


def convert_key(key: str) -> str:
    """One torchvision key -> our recognizer key."""
    if key.startswith('stem.'):
        return f'backbone.{key}'
    if key.startswith('fc.'):
        return f'cls_head.fc_cls.{key[3:]}'
    match = BLOCK.match(key)
    if not match:
        raise KeyError(f'{key!r} is not a torchvision video-ResNet key '
                       '(stem.*, layerN.M.conv1/conv2/downsample.*, fc.*)')
    stage, block, part, index, rest = match.groups()
    prefix = f'backbone.stages.{int(stage) - 1}.{block}'
    if part == 'downsample':
        return f'{prefix}.downsample.{index}.{rest}'
    number = part[-1]
    if index == '0':  # the conv (Conv3d or a (2+1)D Sequential)
        return f'{prefix}.conv{number}.{rest}'
    return f'{prefix}.bn{number}.{rest}'  # index 1: the BN after it


def convert_torchvision_video_resnet(
        state: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    return {convert_key(k): v for k, v in state.items()}
