"""PyTorchVideo layouts: the torch.hub models of ``pytorchvideo.models.hub``
(``slowfast_r50``, ``slow_r50``, ``c2d_r50``, ``i3d_r50``,
``r2plus1d_r50``) and their Kinetics-400 ``.pyth`` files (weights under
``model_state``; PySlowFast's ``configs/Kinetics/pytorchvideo/*.yaml``
trained them), and the zoo's ``SLOWFAST_4x16_R50.pyth`` /
``SLOW_4x16_R50.pyth``, which no hub function builds.

Its names (``pytorchvideo/models/{net,resnet,stem,head,slowfast}.py``): a
``Net`` of ``blocks.K``: the stem ``blocks.0.{conv,norm}``, the stages
``blocks.K.res_blocks.I.branch1_{conv,norm}`` (projection shortcut) /
``.branch2.{conv,norm}_{a,b,c}`` (bottleneck; R(2+1)D's ``conv_b`` is
``conv_t`` / ``norm`` / ``conv_xy``), the head ``blocks.K.proj``. C2D and
I3D have a parameter-free pool after res2 (``stage1_pool``), so their res3
is ``blocks.3``. SlowFast wraps each stage's pathways in
``blocks.K.multipathway_blocks.P`` (P 0 Slow, 1 Fast) and the Fast ->
Slow lateral in ``blocks.K.multipathway_fusion.{conv_fast_to_slow,norm}``;
its head concatenates [Slow, Fast] (``PoolConcatPathway``), MMAction2's
``SlowFastHead`` [Fast, Slow]: the classifier's columns are swapped.
"""
import re
from typing import Dict, Optional

from .pyslowfast import kernel_t, shape, swap_head_columns
from .source import StateDict, WeightSource, register_source, renamed

CONVERTED = 'pytorchvideo-converted_{}_kinetics400-rgb.py'
BLOCK = re.compile(r'^blocks\.(\d+)\.(?:multipathway_blocks\.(\d)\.)?'
                   r'res_blocks\.(\d+)\.(.+)$')
STEM = re.compile(r'^blocks\.0\.(?:multipathway_blocks\.(\d)\.)?'
                  r'(conv|norm)\.(.+)$')
FUSION = re.compile(r'^blocks\.(\d)\.multipathway_fusion\.'
                    r'(conv_fast_to_slow|norm)\.(.+)$')
HEAD = re.compile(r'^blocks\.\d+\.proj\.(.+)$')
PARTS = {'branch1_conv': 'downsample.0', 'branch1_norm': 'downsample.1',
         'branch2.conv_a': 'conv1', 'branch2.norm_a': 'bn1',
         'branch2.conv_b': 'conv2', 'branch2.conv_b.conv_t': 'conv2.0',
         'branch2.conv_b.norm': 'conv2.1',
         'branch2.conv_b.conv_xy': 'conv2.3', 'branch2.norm_b': 'bn2',
         'branch2.conv_c': 'conv3', 'branch2.norm_c': 'bn3'}


class KeyMap:
    """Renames one PyTorchVideo state dict's keys into ``VideoResNet``
    (``prefix`` '') or ``SlowFastResNet`` (``slow_`` / ``fast_``)
    names."""

    def __init__(self, state: StateDict, prefixes=('', )):
        self.prefixes = prefixes
        blocks = sorted({int(m.group(1)) for m in map(BLOCK.match, state)
                         if m})
        self.stage_of = {block: index for index, block in enumerate(blocks)}

    def __call__(self, key: str) -> Optional[str]:
        match = HEAD.match(key)
        if match:
            return f'cls_head.fc_cls.{match.group(1)}'
        match = STEM.match(key)
        if match:
            pathway, part, rest = match.groups()
            prefix = self.prefix(pathway)
            index = '0' if part == 'conv' else '1'
            if prefix is None:
                return None
            return f'backbone.{prefix}stem.{index}.{rest}'
        match = FUSION.match(key)
        if match:
            stage, part, rest = match.groups()
            part = 'conv' if part == 'conv_fast_to_slow' else 'bn'
            return f'backbone.laterals.{stage}.{part}.{rest}'
        match = BLOCK.match(key)
        if not match:
            return None
        block, pathway, index, rest = match.groups()
        prefix = self.prefix(pathway)
        part, _, leaf = rest.rpartition('.')
        if prefix is None or part not in PARTS:
            return None
        return (f'backbone.{prefix}stages.{self.stage_of[int(block)]}.'
                f'{index}.{PARTS[part]}.{leaf}')

    def prefix(self, pathway: Optional[str]) -> Optional[str]:
        index = int(pathway or 0)
        return self.prefixes[index] if index < len(self.prefixes) else None


def arch(state: StateDict) -> Optional[str]:
    if 'blocks.0.multipathway_fusion.conv_fast_to_slow.weight' in state:
        return 'slowfast_r50'
    if 'blocks.1.res_blocks.0.branch2.conv_b.conv_t.weight' in state:
        return 'r2plus1d_r50'
    stem = kernel_t(state, 'blocks.0.conv.weight')
    if stem == 5:
        return 'i3d_r50'
    if stem == 1:
        return 'c2d_r50' if 'blocks.6.proj.weight' in state else 'slow_r50'
    return None


@register_source
class PyTorchVideoSource(WeightSource):
    """``pytorchvideo.models.hub`` Kinetics-400 R50 state dicts, and the
    zoo's 4x16 SlowFast / Slow files (no hub function; the hub models'
    layouts with FUSION_KERNEL_SZ 5 / the same layout)."""
    name = 'pytorchvideo'
    description = ('PyTorchVideo torch.hub slowfast_r50 / slow_r50 / '
                   'c2d_r50 / i3d_r50 / r2plus1d_r50 (.pyth, model_state)')
    models = {
        'slowfast_r50': 'configs/slowfast/slowfast_r50_'
        + CONVERTED.format('8x8x10'),
        'slowfast_r50_4x16': 'configs/slowfast/slowfast_r50_'
        + CONVERTED.format('4x16x10'),
        'slow_r50': 'configs/slowfast/slowonly_r50_'
        + CONVERTED.format('8x8x10'),
        'slow_r50_4x16': 'configs/slowfast/slowonly_r50_'
        + CONVERTED.format('4x16x10'),
        'c2d_r50': 'configs/nonlocal/c2d_r50_' + CONVERTED.format('8x8x10'),
        'i3d_r50': 'configs/nonlocal/i3d_r50_' + CONVERTED.format('8x8x10'),
        'r2plus1d_r50': 'configs/r2plus1d/r2plus1d_r50_'
        + CONVERTED.format('16x4x10'),
    }

    def signatures(self) -> Dict[str, callable]:
        def fusion_kernel(state):
            return kernel_t(state, 'blocks.0.multipathway_fusion.'
                            'conv_fast_to_slow.weight')

        tests = {name: (lambda s, n=name: arch(s) == n)
                 for name in self.models}
        # SlowFast 8x8 / 4x16: FUSION_KERNEL_SZ 7 / 5; Slow 8x8 and 4x16
        # share one layout (--config picks the clip)
        tests['slowfast_r50'] = lambda s: (
            arch(s) == 'slowfast_r50' and fusion_kernel(s) == 7)
        tests['slowfast_r50_4x16'] = lambda s: (
            arch(s) == 'slowfast_r50' and fusion_kernel(s) == 5)
        tests['slow_r50_4x16'] = tests['slow_r50']
        return tests

    def convert(self, state, model, target=None):
        if state and all(key.startswith('model.') for key in state):
            # PySlowFast's PTV wrappers (slowfast/models/ptv_model_builder
            # .py) hold the Net as ``self.model``
            state = {key[len('model.'):]: v for key, v in state.items()}
        architecture = model.replace('_4x16', '')
        prefixes = {'slowfast_r50': ('slow_', 'fast_'),
                    'slow_r50': ('slow_', )}.get(architecture, ('', ))
        converted = renamed(state, KeyMap(state, prefixes), 'pytorchvideo')
        if architecture == 'slowfast_r50':
            key = ('blocks.4.multipathway_blocks.0.res_blocks.0.branch2.'
                   'conv_c.weight')
            swap_head_columns(converted, (shape(state, key) or (None, ))[0],
                              'pytorchvideo', key)
        return converted
