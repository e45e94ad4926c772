"""2D -> 3D inflation (Carreira & Zisserman, CVPR 2017, Sec. 2.4): a 3D
filter of temporal extent T starts as the 2D filter repeated T times and
divided by T ('mean'), so a "boring" video of one repeated image gives the
2D net's activations; 'center' puts the 2D filter at the central time tap
(zeros elsewhere), with the same fixed point. The rule is the paper's as
recalled; the kinetics-i3d README says its ImageNet checkpoints were
"initialized by bootstrapping the filters from a 2D Inception-v1 model
into 3D", and video-nonlocal-net ``lib/utils/checkpoints.py`` repeats the
2D weights along time and divides by their number, as 'mean' does.
"""
import re
from typing import Callable, Dict, List, Optional, Tuple

import torch

from ..utils import check_choice
from ..utils.state_dict_match import without_ddp_prefix
from .source import (StateDict, UnknownCheckpointError, WeightSource,
                     register_source)
from .torchvision import mmaction_resnet_key

INFLATION_METHODS = ('mean', 'center')


def inflate_weight(weight: torch.Tensor, time: int,
                   method: str = 'mean') -> torch.Tensor:
    """(O, I, kh, kw) or (O, I, 1, kh, kw) -> (O, I, time, kh, kw)."""
    check_choice('inflate_weight', 'method', method, INFLATION_METHODS)
    if weight.dim() == 5:
        if weight.shape[2] != 1:
            raise ValueError('inflate_weight: the 2D weight has temporal '
                             f'extent {weight.shape[2]}; expected 1')
        weight = weight[:, :, 0]
    if method == 'mean':
        return weight.unsqueeze(2).repeat(1, 1, time, 1, 1) / time
    inflated = weight.new_zeros(weight.shape[:2] + (time, ) +
                                weight.shape[2:])
    inflated[:, :, time // 2] = weight
    return inflated


def inflate_state_dict(
    state_2d: Dict[str, torch.Tensor],
    target: Dict[str, torch.Tensor],
    key_map: Optional[Callable[[str], Optional[str]]] = None,
    method: str = 'mean',
) -> Tuple[Dict[str, torch.Tensor], List[str], List[str]]:
    """Fill ``target``'s keys from a 2D state dict.

    Args:
        state_2d: The 2D network's state dict.
        target: The 3D network's state dict (shapes to produce).
        key_map: 3D key -> 2D key (None: no source); identity by default.
        method: 'mean' or 'center' for inflated conv weights.

    Returns:
        (state dict for ``load_state_dict``, 3D keys without a source,
        2D keys not used).
    """
    key_map = key_map or (lambda key: key)
    result, missing, used = {}, [], set()
    for key, like in target.items():
        source_key = key_map(key)
        if source_key is None or source_key not in state_2d:
            missing.append(key)
            continue
        source = state_2d[source_key]
        used.add(source_key)
        if source.shape == like.shape:
            result[key] = source.clone()
        elif like.dim() == 5 and source.dim() in (4, 5) and \
                source.shape[:2] == like.shape[:2] and \
                source.shape[-2:] == like.shape[-2:]:
            result[key] = inflate_weight(source, like.shape[2], method)
        else:
            raise ValueError(
                f'cannot inflate {source_key!r} {tuple(source.shape)} into '
                f'{key!r} {tuple(like.shape)}')
    unused = [k for k in state_2d if k not in used]
    return result, missing, unused


RESIDUAL_CONV = re.compile(r'^stages\.(\d+)\.(\d+)\.conv1\.')


def video_resnet_key_from_2d(backbone_keys, layout: str = 'torchvision'
                             ) -> Callable[[str], Optional[str]]:
    """A VideoResNet backbone key -> the key of a 2D ResNet checkpoint.

    The residual blocks are told from the non-local blocks inside a stage
    by their ``conv1`` (a non-local block has none, and no 2D source).

    Args:
        backbone_keys: The VideoResNet's ``state_dict()`` keys.
        layout: 'torchvision' (``conv1``, ``bn1``, ``layer1.0.conv1``,
            ``downsample.0``) or 'mmaction' (``conv1.conv``, ``conv1.bn``,
            ``layer1.0.conv1.conv``, ``downsample.conv``).
    """
    check_choice('video_resnet_key_from_2d', 'layout', layout,
                 ('torchvision', 'mmaction'))
    positions = {}  # stage -> sorted Sequential positions of residual blocks
    for key in backbone_keys:
        match = RESIDUAL_CONV.match(key)
        if match:
            stage, position = map(int, match.groups())
            positions.setdefault(stage, set()).add(position)
    blocks = {(s, p): b for s, found in positions.items()
              for b, p in enumerate(sorted(found))}
    stem = {'stem.0': 'conv1', 'stem.1': 'bn1'}

    def torchvision_key(key: str) -> Optional[str]:
        parts = key.split('.')
        if parts[0] == 'stem':
            prefix = stem.get('.'.join(parts[:2]))
            return prefix and '.'.join([prefix] + parts[2:])
        stage, position = int(parts[1]), int(parts[2])
        if (stage, position) not in blocks:
            return None  # a non-local block: no 2D source
        return '.'.join([f'layer{stage + 1}.{blocks[stage, position]}'] +
                        parts[3:])

    def mmaction_key(key: str) -> Optional[str]:
        key_2d = torchvision_key(key)
        return key_2d and mmaction_resnet_key(key_2d)

    return torchvision_key if layout == 'torchvision' else mmaction_key


def backbone_part(state: StateDict) -> StateDict:
    """The backbone's tensors of a recognizer checkpoint (``backbone.``
    removed), or the file itself when it has no such keys."""
    state = without_ddp_prefix(state)
    inner = {k[len('backbone.'):]: v for k, v in state.items()
             if k.startswith('backbone.')}
    return inner or state


def inflated(state_2d: StateDict, target: StateDict, key_map,
             source: str) -> StateDict:
    """Inflate into the ``backbone.*`` part of a recognizer's state dict;
    a 3D tensor without a 2D source is left out only when it belongs to a
    block the 2D net lacks (``key_map`` gives None)."""
    backbone = {k[len('backbone.'):]: v for k, v in target.items()
                if k.startswith('backbone.')}
    result, missing, _ = inflate_state_dict(state_2d, backbone, key_map)
    unmapped = [k for k in missing if key_map(k) is not None]
    if unmapped:
        raise UnknownCheckpointError(
            f'{source}: {len(unmapped)} backbone tensors have no 2D source '
            f'(e.g. {unmapped[:5]}, from '
            f'{[key_map(k) for k in unmapped[:5]]})')
    return {f'backbone.{k}': v for k, v in result.items()}


@register_source
class InflateResNetSource(WeightSource):
    """A 2D ResNet (torchvision or MMAction2 layout, e.g. ImageNet
    ResNet-50) inflated into a VideoResNet backbone (C2D / I3D-R50, the
    non-local configs): kernels repeated along time and divided by their
    extent (Carreira & Zisserman 2017, Sec. 2.4); non-local blocks and the
    head keep their own init."""
    name = 'inflate-resnet'
    description = ('2D ResNet (torchvision / MMAction2) inflated into a '
                   'VideoResNet backbone (I3D-R50, C2D)')
    covers = 'backbone.'
    any_config = True

    def expected(self, target):
        keys = [k[len('backbone.'):] for k in target
                if k.startswith('backbone.')]
        key_map = video_resnet_key_from_2d(keys)
        return {f'backbone.{k}': target[f'backbone.{k}'] for k in keys
                if key_map(k) is not None}

    def convert(self, state, model, target):
        state_2d = backbone_part(state)
        layout = 'torchvision' if 'bn1.weight' in state_2d else 'mmaction'
        keys = [k[len('backbone.'):] for k in target
                if k.startswith('backbone.')]
        return inflated(state_2d, target,
                        video_resnet_key_from_2d(keys, layout), self.name)


#: I3D end point -> torchvision GoogLeNet module (its Inception blocks are
#: named by the paper's table, I3D's by the TF-slim end points).
GOOGLENET_MODULES = {
    'Conv3d_1a_7x7': 'conv1', 'Conv3d_2b_1x1': 'conv2',
    'Conv3d_2c_3x3': 'conv3', 'Mixed_3b': 'inception3a',
    'Mixed_3c': 'inception3b', 'Mixed_4b': 'inception4a',
    'Mixed_4c': 'inception4b', 'Mixed_4d': 'inception4c',
    'Mixed_4e': 'inception4d', 'Mixed_4f': 'inception4e',
    'Mixed_5b': 'inception5a', 'Mixed_5c': 'inception5b'}
#: I3D branch units -> torchvision's (branch4.0 is its max-pool).
GOOGLENET_BRANCHES = {
    'branch0': 'branch1', 'branch1.0': 'branch2.0', 'branch1.1': 'branch2.1',
    'branch2.0': 'branch3.0', 'branch2.1': 'branch3.1',
    'branch3.1': 'branch4.1'}
ENDPOINT_KEY = re.compile(
    r'^endpoints\.(\w+?)\.((?:branch\d(?:\.\d)?\.)?)((?:conv|bn)\..+)$')


def googlenet_key(key: str) -> Optional[str]:
    """An InceptionI3D backbone key -> torchvision GoogLeNet's."""
    match = ENDPOINT_KEY.match(key)
    if not match or match.group(1) not in GOOGLENET_MODULES:
        return None
    module, branch, leaf = match.groups()
    parts = [GOOGLENET_MODULES[module]]
    if branch:
        parts.append(GOOGLENET_BRANCHES[branch.rstrip('.')])
    return '.'.join(parts + [leaf])


@register_source
class InflateInceptionSource(WeightSource):
    """A 2D Inception-V1 inflated into I3D: torchvision's ImageNet
    GoogLeNet (``googlenet-1378be20.pth``, ``GoogLeNet_Weights.
    IMAGENET1K_V1``), or this package's ``InceptionI3D(temporal=False)``
    layout.

    torchvision's GoogLeNet has I3D's layers: 3x3 convs in the "5x5"
    branch (a "known bug" kept in its ``googlenet.py``; kinetics-i3d
    ``i3d.py`` uses 3x3x3 there too), BN eps 1e-3 (Sonnet's), and its
    weights see inputs in [-1, 1] (``transform_input=True`` maps the
    ImageNet-normalised input back to ``(x - 0.5) / 0.5``), the range the
    I3D configs feed. Its BN gammas are loaded; I3D keeps them fixed
    (``bn_affine_scale=False``, the release's beta-only BN) unless told to
    learn them. Its ``aux1`` / ``aux2`` / ``fc`` heads are not used.
    """
    name = 'inflate-inception-v1'
    description = ('2D Inception-V1 (torchvision GoogLeNet, or the '
                   'InceptionI3D(temporal=False) layout) inflated into I3D')
    covers = 'backbone.'
    any_config = True

    def convert(self, state, model, target):
        state_2d = backbone_part(state)
        torchvision = 'inception3a.branch1.conv.weight' in state_2d
        return inflated(state_2d, target,
                        googlenet_key if torchvision else (lambda key: key),
                        self.name)
