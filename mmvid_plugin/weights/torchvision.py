"""torchvision layouts: 2D ResNets (``resnet18`` ... ``resnet152``, e.g.
the ImageNet files) and video ResNets (``r3d_18``, ``mc3_18``,
``r2plus1d_18``; the IG-65M R(2+1)D-34 ports of VMZ, which use
torchvision's ``VideoResNet`` classes).

2D: torchvision names each conv and its BN apart (``conv1`` / ``bn1``,
``layerX.Y.convN`` / ``bnN``, ``downsample.0`` / ``.1``); MMAction2's
ResNet wraps both in one ``ConvModule`` (``conv1.conv`` / ``conv1.bn``,
``layerX.Y.convN.conv`` / ``.bn``, ``downsample.conv`` / ``.bn``).

Video: torchvision wraps each block conv as ``convN = Sequential(conv,
BN[, ReLU])`` (torchvision ``models/video/resnet.py`` ``BasicBlock``); ours
keeps ``convN`` and ``bnN`` apart. The stem, the (2+1)D inner layout and
the downsample shortcut have the same indices.
"""
import re
from typing import Dict, Optional

from .source import StateDict, WeightSource, register_source, renamed

RENAMES_2D = (
    (re.compile(r'^conv1\.'), 'conv1.conv.'),
    (re.compile(r'^bn1\.'), 'conv1.bn.'),
    (re.compile(r'^(layer\d+\.\d+\.)conv(\d+)\.'), r'\1conv\2.conv.'),
    (re.compile(r'^(layer\d+\.\d+\.)bn(\d+)\.'), r'\1conv\2.bn.'),
    (re.compile(r'^(layer\d+\.\d+\.downsample\.)0\.'), r'\1conv.'),
    (re.compile(r'^(layer\d+\.\d+\.downsample\.)1\.'), r'\1bn.'),
)


def mmaction_resnet_key(key: str) -> Optional[str]:
    """One torchvision 2D ResNet backbone key -> MMAction2 ResNet key, or
    None when ``key`` is not a torchvision backbone key."""
    for pattern, replacement in RENAMES_2D:
        new, count = pattern.subn(replacement, key)
        if count:
            return new
    return None


def convert_torchvision_resnet(state: StateDict,
                               strict: bool = True) -> StateDict:
    """A torchvision 2D ResNet state dict -> ``Recognizer2D`` keys (the
    ImageNet classifier ``fc`` becomes ``cls_head.fc_cls``).

    Raises:
        KeyError: ``strict`` and a key is not of a torchvision ResNet.
    """
    converted = {}
    for key, value in state.items():
        if key.startswith('fc.'):
            converted[f'cls_head.fc_cls.{key[3:]}'] = value
            continue
        new = mmaction_resnet_key(key)
        if new is not None:
            converted[f'backbone.{new}'] = value
        elif strict:
            raise KeyError(
                f'{key!r} is not a torchvision ResNet key (conv1.*, bn1.*, '
                'layerX.Y.convN.* / bnN.* / downsample.0|1.*, fc.*)')
    return converted


VIDEO_BLOCK = re.compile(
    r'^layer(\d)\.(\d+)\.(conv[12]|downsample)\.(\d+)\.(.*)$')


def video_resnet_key(key: str) -> Optional[str]:
    """One torchvision video-ResNet key -> our recognizer key (None: not
    one)."""
    if key.startswith('stem.'):
        return f'backbone.{key}'
    if key.startswith('fc.'):
        return f'cls_head.fc_cls.{key[3:]}'
    match = VIDEO_BLOCK.match(key)
    if not match:
        return None
    stage, block, part, index, rest = match.groups()
    prefix = f'backbone.stages.{int(stage) - 1}.{block}'
    if part == 'downsample':
        return f'{prefix}.downsample.{index}.{rest}'
    number = part[-1]
    if index == '0':  # the conv (Conv3d or a (2+1)D Sequential)
        return f'{prefix}.conv{number}.{rest}'
    return f'{prefix}.bn{number}.{rest}'  # index 1: the BN after it


def convert_torchvision_video_resnet(state: StateDict) -> StateDict:
    return renamed(state, video_resnet_key, 'torchvision video ResNet')


R2PLUS1D = 'configs/r2plus1d/'


def shape(state: StateDict, key: str):
    value = state.get(key)
    return None if value is None else tuple(value.shape)


@register_source
class TorchvisionSource(WeightSource):
    """torchvision ``models.video`` state dicts and the IG-65M ports.

    The IG-65M files (``r2plus1d_34_{8,32}_{ig65m,kinetics}``) are VMZ's
    Caffe2 weights in torchvision's ``VideoResNet`` with BN eps 1e-3 and,
    in the first block of res3..res5, conv2's midplanes computed for that
    conv (288 / 576 / 1152), as VMZ's ``add_conv`` does; that is our
    default per-conv layout, so they load into our R(2+1)D-34.
    """
    name = 'torchvision'
    description = ('torchvision r3d_18 / mc3_18 / r2plus1d_18 state dicts; '
                   'the IG-65M R(2+1)D-34 ports (ig65m-pytorch, '
                   'torchvision layout)')
    models = {
        'r3d_18': R2PLUS1D + 'r3d_r18_torchvision-converted_16x1x5_'
        'kinetics400-rgb.py',
        'mc3_18': R2PLUS1D + 'mc3_r18_torchvision-converted_16x1x5_'
        'kinetics400-rgb.py',
        'r2plus1d_18': R2PLUS1D + 'r2plus1d_r18_torchvision-converted_'
        '16x1x5_kinetics400-rgb.py',
        'r2plus1d_34_8_ig65m': R2PLUS1D + 'r2plus1d_r34_ig65m-converted_'
        '8x1x10_ig65m-rgb.py',
        'r2plus1d_34_32_ig65m': R2PLUS1D + 'r2plus1d_r34_ig65m-converted_'
        '32x1x10_ig65m-rgb.py',
        'r2plus1d_34_8_kinetics': R2PLUS1D + 'r2plus1d_r34_ig65m-kinetics-'
        'converted_8x1x10_kinetics400-rgb.py',
        'r2plus1d_34_32_kinetics': R2PLUS1D + 'r2plus1d_r34_ig65m-kinetics-'
        'converted_32x1x10_kinetics400-rgb.py',
    }

    def signatures(self) -> Dict[str, callable]:
        def arch(state):
            if 'stem.3.weight' in state:
                deep = 'layer3.5.conv1.0.0.weight' in state
                return 'r2plus1d_34' if deep else 'r2plus1d_18'
            kernel = shape(state, 'layer2.0.conv1.0.weight')
            return 'r3d_18' if kernel and kernel[2] == 3 else 'mc3_18'

        def classes(state):
            return (shape(state, 'fc.weight') or (None, ))[0]

        tests = {name: (lambda s, n=name: arch(s) == n)
                 for name in ('r3d_18', 'mc3_18', 'r2plus1d_18')}
        # IG-65M pre-training: 359 (8 frames) / 487 (32 frames) classes
        # (ig65m-pytorch models.py); the two Kinetics fine-tunes share one
        # layout: --config picks the clip length.
        tests['r2plus1d_34_8_ig65m'] = lambda s: (
            arch(s) == 'r2plus1d_34' and classes(s) == 359)
        tests['r2plus1d_34_32_ig65m'] = lambda s: (
            arch(s) == 'r2plus1d_34' and classes(s) == 487)
        for frames in (8, 32):
            tests[f'r2plus1d_34_{frames}_kinetics'] = lambda s: (
                arch(s) == 'r2plus1d_34' and classes(s) == 400)
        return tests

    def convert(self, state, model, target=None):
        return convert_torchvision_video_resnet(state)

