"""PySlowFast layouts (facebookresearch/SlowFast): the ``.pyth`` files its
``tools/run_net.py`` saves and loads (``slowfast/utils/checkpoint.py``:
the weights under ``model_state``), of its Kinetics ResNets
(``configs/Kinetics/*.yaml``): SlowFast, Slow-only, C2D, I3D, with or
without non-local blocks; and the Caffe2 ``.pkl`` files of its model zoo
(``MODEL_ZOO``, ``configs/Kinetics/c2/*.yaml``), renamed to the same
keys first (:mod:`.caffe2_blobs`).

Its names (``slowfast/models/video_model_builder.py``, ``resnet_helper.py``,
``stem_helper.py``, ``head_helper.py``): ``s1.pathwayP_stem.{conv,bn}``
(P 0 Slow, 1 Fast), ``sS_fuse.{conv_f2s,bn}`` (the Fast -> Slow lateral
after stage S = 1..4), ``sS.pathwayP_resI.branch1[_bn]`` (the projection
shortcut), ``.branch2.{a,b,c}[_bn]`` (the bottleneck convs),
``sS.pathwayP_nonlocalI.{conv_theta,conv_phi,conv_g,conv_out,bn}`` (a
non-local block after block I), ``head.projection``. Ours: the stems'
``0`` / ``1``, ``laterals.{S-1}.{conv,bn}``, the stage Sequential's block
(non-local blocks take a place in it) ``downsample.{0,1}``,
``conv{1,2,3}`` / ``bn{1,2,3}``, ``theta`` / ``phi`` / ``g`` / ``out`` /
``norm``, ``cls_head.fc_cls``. Its head concatenates [Slow, Fast]
features, MMAction2's ``SlowFastHead`` [Fast, Slow]: the classifier's
columns are swapped.
"""
import re
from collections import defaultdict
from typing import Dict, Optional

import torch

from .caffe2_blobs import caffe2_blobs, pyslowfast_state
from .source import (StateDict, UnknownCheckpointError, WeightSource,
                     register_source, renamed)

SLOWFAST, NONLOCAL = 'configs/slowfast/', 'configs/nonlocal/'
CONVERTED = 'pyslowfast-converted_{}_kinetics400-rgb.py'

BLOCK = re.compile(r'^s(\d)\.pathway(\d)_(res|nonlocal)(\d+)\.(.+)$')
STEM = re.compile(r'^s1\.pathway(\d)_stem\.(conv|bn)\.(.+)$')
FUSE = re.compile(r'^s(\d)_fuse\.(conv_f2s|bn)\.(.+)$')
BRANCH2 = {'a': 'conv1', 'a_bn': 'bn1', 'b': 'conv2', 'b_bn': 'bn2',
           'c': 'conv3', 'c_bn': 'bn3'}
NONLOCAL_PARTS = {'conv_theta': 'theta', 'conv_phi': 'phi', 'conv_g': 'g',
                  'conv_out': 'out', 'bn': 'norm'}


def nonlocal_positions(state: StateDict) -> Dict[tuple, list]:
    """(stage, pathway) -> sorted block indices followed by a non-local
    block."""
    found = defaultdict(set)
    for key in state:
        match = BLOCK.match(key)
        if match and match.group(3) == 'nonlocal':
            stage, pathway, _, index, _ = match.groups()
            found[stage, pathway].add(int(index))
    return {k: sorted(v) for k, v in found.items()}


class KeyMap:
    """Renames one PySlowFast state dict's keys.

    Args:
        state: Its state dict (the non-local positions are read off it).
        two_pathway: SlowFast's ``SlowFastResNet`` names (``slow_*`` /
            ``fast_*``); else ``VideoResNet`` (``stem``, ``stages``) or,
            with ``slow_only``, the Slow pathway of ``SlowFastResNet``.
    """

    def __init__(self, state: StateDict, two_pathway: bool,
                 slow_only: bool = False):
        self.nonlocal_after = nonlocal_positions(state)
        self.two_pathway = two_pathway or slow_only

    def pathway(self, index: str) -> str:
        return ('slow_', 'fast_')[int(index)] if self.two_pathway else ''

    def module_index(self, stage: str, pathway: str, block: int,
                     after_nonlocal: bool) -> int:
        """Place in our stage Sequential of block ``block`` (or of the
        non-local block after it)."""
        earlier = sum(1 for b in self.nonlocal_after.get((stage, pathway), ())
                      if b < block)
        return block + earlier + (1 if after_nonlocal else 0)

    def __call__(self, key: str) -> Optional[str]:
        match = STEM.match(key)
        if match:
            pathway, part, rest = match.groups()
            index = '0' if part == 'conv' else '1'
            return f'backbone.{self.pathway(pathway)}stem.{index}.{rest}'
        match = FUSE.match(key)
        if match:
            stage, part, rest = match.groups()
            part = 'conv' if part == 'conv_f2s' else 'bn'
            return f'backbone.laterals.{int(stage) - 1}.{part}.{rest}'
        if key.startswith('head.projection.'):
            return 'cls_head.fc_cls.' + key[len('head.projection.'):]
        match = BLOCK.match(key)
        if not match or match.group(1) not in '2345':
            return None
        stage, pathway, kind, block, rest = match.groups()
        place = self.module_index(stage, pathway, int(block),
                                  kind == 'nonlocal')
        prefix = (f'backbone.{self.pathway(pathway)}stages.'
                  f'{int(stage) - 2}.{place}.')
        part, _, leaf = rest.rpartition('.')
        if kind == 'nonlocal':
            new = NONLOCAL_PARTS.get(part)
        elif part in ('branch1', 'branch1_bn'):
            new = 'downsample.' + ('1' if part.endswith('_bn') else '0')
        else:
            new = BRANCH2.get(part[len('branch2.'):]) \
                if part.startswith('branch2.') else None
        return None if new is None else f'{prefix}{new}.{leaf}'


def shape(state: StateDict, key: str):
    value = state.get(key)
    return None if value is None else tuple(value.shape)


def kernel_t(state: StateDict, key: str) -> Optional[int]:
    size = shape(state, key)
    return size[2] if size and len(size) == 5 else None


def arch(state: StateDict) -> Optional[str]:
    """'slowfast', 'slow', 'c2d' or 'i3d' from the kernels (None: none)."""
    if 's1_fuse.conv_f2s.weight' in state:
        return 'slowfast'
    stem = kernel_t(state, 's1.pathway0_stem.conv.weight')
    res4 = kernel_t(state, 's4.pathway0_res0.branch2.a.weight')
    if stem == 5:
        return 'i3d'
    if stem == 1:
        return {1: 'c2d', 3: 'slow'}.get(res4)
    return None


def has_nonlocal(state: StateDict) -> bool:
    return any('_nonlocal' in key for key in state)


@register_source
class PySlowFastSource(WeightSource):
    """PySlowFast ``.pyth`` checkpoints of its Kinetics R50 models.

    Models (its ``configs/Kinetics``): ``slowfast_r50_4x16`` /
    ``slowfast_r50_8x8`` (SLOWFAST_{4x16,8x8}_R50.yaml: told apart by the
    lateral kernel, FUSION_KERNEL_SZ 5 / 7), ``slow_r50_4x16`` /
    ``slow_r50_8x8`` (SLOW_*: the same weights; pass the config),
    ``c2d_r50_8x8``, ``i3d_r50_8x8``, ``c2d_nln_r50_8x8``,
    ``i3d_nln_r50_8x8`` (C2D / I3D[_NLN]_8x8_R50.yaml);
    ``c2d_nopool_r50_8x8`` (``c2/C2D_NOPOOL_8x8_R50.yaml``, the zoo's
    ``C2D_NOPOOL_8x8_R50.pkl``: C2D without the temporal pool after res2,
    the same weights as ``c2d_r50_8x8``; pass the config). Each zoo
    ``.pkl`` converts through the same names.
    """
    name = 'pyslowfast'
    description = ('PySlowFast .pyth checkpoints (model_state) and model-'
                   'zoo Caffe2 .pkl files of its Kinetics SlowFast / Slow '
                   '/ C2D / I3D[-NLN] R50')
    models = {
        'slowfast_r50_4x16': SLOWFAST + 'slowfast_r50_'
        + CONVERTED.format('4x16x10'),
        'slowfast_r50_8x8': SLOWFAST + 'slowfast_r50_'
        + CONVERTED.format('8x8x10'),
        'slow_r50_4x16': SLOWFAST + 'slowonly_r50_'
        + CONVERTED.format('4x16x10'),
        'slow_r50_8x8': SLOWFAST + 'slowonly_r50_'
        + CONVERTED.format('8x8x10'),
        'c2d_r50_8x8': NONLOCAL + 'c2d_r50_' + CONVERTED.format('8x8x10'),
        'c2d_nopool_r50_8x8': NONLOCAL + 'c2d-nopool_r50_'
        + CONVERTED.format('8x8x10'),
        'i3d_r50_8x8': NONLOCAL + 'i3d_r50_' + CONVERTED.format('8x8x10'),
        'c2d_nln_r50_8x8': NONLOCAL + 'c2d-nl5_r50_'
        + CONVERTED.format('8x8x10'),
        'i3d_nln_r50_8x8': NONLOCAL + 'i3d-nl5_r50_'
        + CONVERTED.format('8x8x10'),
    }

    def signatures(self) -> Dict[str, callable]:
        def fusion_kernel(state):
            return kernel_t(state, 's1_fuse.conv_f2s.weight')

        def plain_c2d(state):  # with or without the pool after res2
            return arch(state) == 'c2d' and not has_nonlocal(state)

        return {
            'slowfast_r50_4x16': lambda s: (
                arch(s) == 'slowfast' and fusion_kernel(s) == 5),
            'slowfast_r50_8x8': lambda s: (
                arch(s) == 'slowfast' and fusion_kernel(s) == 7),
            'slow_r50_4x16': lambda s: arch(s) == 'slow',
            'slow_r50_8x8': lambda s: arch(s) == 'slow',
            'c2d_r50_8x8': plain_c2d,
            'c2d_nopool_r50_8x8': plain_c2d,
            'i3d_r50_8x8': lambda s: (
                arch(s) == 'i3d' and not has_nonlocal(s)),
            'c2d_nln_r50_8x8': lambda s: (
                arch(s) == 'c2d' and has_nonlocal(s)),
            'i3d_nln_r50_8x8': lambda s: (
                arch(s) == 'i3d' and has_nonlocal(s)),
        }

    def unwrap(self, loaded) -> StateDict:
        """``model_state`` of a ``.pyth``; a Caffe2 ``{'blobs': ...}``
        (or its blobs as a dict) renamed to PySlowFast's keys."""
        blobs = caffe2_blobs(loaded)
        if blobs is not None:
            return pyslowfast_state(blobs)
        return super().unwrap(loaded)

    def convert(self, state, model, target=None):
        slowfast = model.startswith('slowfast')
        keys = KeyMap(state, two_pathway=slowfast,
                      slow_only=model.startswith('slow_'))
        converted = renamed(state, keys, 'pyslowfast')
        if slowfast:
            key = 's5.pathway0_res0.branch2.c.weight'
            swap_head_columns(converted, (shape(state, key) or (None, ))[0],
                              'pyslowfast', key)
        return converted


def swap_head_columns(converted: StateDict, slow_channels: Optional[int],
                      source: str, slow_key: str) -> None:
    """[Slow, Fast] classifier columns (PySlowFast, PyTorchVideo) ->
    MMAction2's [Fast, Slow]; ``slow_channels`` read off ``slow_key``."""
    weight = converted.get('cls_head.fc_cls.weight')
    if slow_channels is None or weight is None:
        raise UnknownCheckpointError(
            f'{source}: a SlowFast checkpoint needs {slow_key} and its '
            'classifier weight (to order the classifier columns [Fast, '
            'Slow])')
    converted['cls_head.fc_cls.weight'] = torch.cat(
        [weight[:, slow_channels:], weight[:, :slow_channels]], dim=1)
