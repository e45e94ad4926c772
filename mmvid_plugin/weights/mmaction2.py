"""MMAction2's own model-zoo checkpoints (``state_dict`` of its
recognizers: ``backbone.*``, ``cls_head.*``), into this package's configs.

MMAction2 1.x names every conv + BN pair as one ``ConvModule``
(``convN.conv`` / ``convN.bn``, ``downsample.conv`` / ``.bn``) and its
``Conv2plus1d`` as ``conv_s`` / ``bn_s`` / ``conv_t``
(``models/common/conv2plus1d.py``). C3D and TSN-R50 use MMAction2's own
``C3D`` / ``ResNet`` here (identity); I3D-R50 (``ResNet3d``) and
R(2+1)D-34 (``ResNet2Plus1d``) go into ``VideoResNet``; SlowFast-R50
(``ResNet3dSlowFast``) into ``SlowFastResNet`` with ``lateral_norm=False``;
TimeSformer (``TimeSformer``, divided space-time) into ``TimeSformerViT``
(``nn.MultiheadAttention``'s ``in_proj`` / ``out_proj`` are our ``qkv`` /
``proj``).
"""
import re
from typing import Callable, Dict, Optional

from .source import StateDict, WeightSource, register_source, renamed

# (2+1)D conv: conv_s, bn_s, (ReLU), conv_t -> our Sequential indices
PAIR = {'conv_s': '0', 'bn_s': '1', 'conv_t': '3'}
RESNET_UNIT = re.compile(
    r'^layer(\d)\.(\d+)\.(conv[123]|downsample)\.(conv|bn)\.(?:(conv_s|bn_s|'
    r'conv_t)\.)?(\w+)$')
STEM = re.compile(r'^conv1\.(conv|bn)\.(?:(conv_s|bn_s|conv_t)\.)?(\w+)$')


def video_resnet_key(key: str, stem: str = 'stem', stages: str = 'stages',
                     pair_stem: bool = False) -> Optional[str]:
    """One ``ResNet3d`` / ``ResNet2Plus1d`` backbone key (without
    ``backbone.``) -> ours (None: not one). conv1 is our ``stem`` (conv 0,
    BN 1; with ``pair_stem`` a (2+1)D conv1 fills 0, 1, 3 and its BN 4),
    ``layerN`` is ``stages.N-1``."""
    match = STEM.match(key)
    if match:
        layer, part, name = match.groups()
        if (part is not None) != (pair_stem and layer == 'conv'):
            return None
        if layer == 'bn':
            return f'{stem}.{4 if pair_stem else 1}.{name}'
        return f'{stem}.{PAIR[part] if part else 0}.{name}'
    match = RESNET_UNIT.match(key)
    if not match:
        return None
    stage, block, unit, layer, part, name = match.groups()
    prefix = f'{stages}.{int(stage) - 1}.{block}'
    inner = f'.{PAIR[part]}' if part else ''
    if unit == 'downsample':
        index = '1' if layer == 'bn' else '0' + inner
        return f'{prefix}.downsample.{index}.{name}'
    number = unit[-1]
    if layer == 'bn':
        return f'{prefix}.bn{number}.{name}'
    return f'{prefix}.conv{number}{inner}.{name}'


def r2plus1d_key(key: str) -> Optional[str]:
    return video_resnet_key(key, pair_stem=True)


LATERAL = re.compile(r'^slow_path\.(conv1|layer(\d))_lateral\.conv\.(\w+)$')


def slowfast_key(key: str) -> Optional[str]:
    """``ResNet3dSlowFast`` backbone key -> ``SlowFastResNet``: each
    pathway as a ``ResNet3d``; ``conv1_lateral`` and ``layerN_lateral``
    are ``laterals.0`` and ``laterals.N``."""
    match = LATERAL.match(key)
    if match:
        _, stage, name = match.groups()
        return f'laterals.{int(stage or 0)}.conv.{name}'
    for path in ('slow', 'fast'):
        if key.startswith(f'{path}_path.'):
            return video_resnet_key(key[len(path) + 6:], f'{path}_stem',
                                    f'{path}_stages')
    return None


TIMESFORMER = {
    'attentions.0.norm': 'temporal_norm1',
    'attentions.0.attn.in_proj_': 'temporal_attn.qkv.',
    'attentions.0.attn.out_proj': 'temporal_attn.proj',
    'attentions.0.temporal_fc': 'temporal_fc',
    'attentions.1.norm': 'norm1',
    'attentions.1.attn.in_proj_': 'attn.qkv.',
    'attentions.1.attn.out_proj': 'attn.proj',
    'ffns.0.norm': 'norm2',
    'ffns.0.layers.0.0': 'mlp.fc1',
    'ffns.0.layers.1': 'mlp.fc2',
}
LAYER = re.compile(r'^transformer_layers\.layers\.(\d+)\.(.+)$')


def timesformer_key(key: str) -> Optional[str]:
    """``TimeSformer`` (divided) backbone key -> ``TimeSformerViT``."""
    if key in ('cls_token', 'pos_embed', 'time_embed', 'norm.weight',
               'norm.bias'):
        return key
    if key.startswith('patch_embed.projection.'):
        return 'patch_embed.' + key.rsplit('.', 1)[1]
    match = LAYER.match(key)
    if not match:
        return None
    index, rest = match.groups()
    for old, new in TIMESFORMER.items():
        if rest.startswith(old):
            tail = rest[len(old):]
            if old.endswith('_'):  # in_proj_weight / in_proj_bias
                if tail not in ('weight', 'bias'):
                    return None
                return f'blocks.{index}.{new}{tail}'
            if tail in ('.weight', '.bias'):
                return f'blocks.{index}.{new}{tail}'
    return None


def identity(key: str) -> str:
    return key


def recognizer_rename(backbone: Callable[[str], Optional[str]]):
    """A recognizer-key renamer: ``backbone.*`` through ``backbone``,
    ``cls_head.*`` unchanged, anything else unknown."""
    def rename(key: str) -> Optional[str]:
        if key.startswith('cls_head.'):
            return key
        if key.startswith('backbone.'):
            new = backbone(key[len('backbone.'):])
            return None if new is None else f'backbone.{new}'
        return None
    return rename


def shape(state: StateDict, key: str):
    value = state.get(key)
    return None if value is None else tuple(value.shape)


CONFIGS = {
    'c3d_sports1m-pretrained_ucf101': 'configs/c3d/c3d_sports1m-pretrained_'
    'mmaction2-converted_16x1x10_ucf101-split1-rgb.py',
    'tsn_r50_kinetics400': 'configs/tsn/tsn_r50_mmaction2-converted_'
    '1x1x25_kinetics400-rgb.py',
    'i3d_r50_kinetics400': 'configs/nonlocal/i3d_r50_mmaction2-converted_'
    '32x2x10_kinetics400-rgb.py',
    'r2plus1d_r34_kinetics400': 'configs/r2plus1d/r2plus1d_r34_mmaction2-'
    'converted_8x8x10_kinetics400-rgb.py',
    'slowfast_r50_4x16_kinetics400': 'configs/slowfast/slowfast_r50_'
    'mmaction2-converted_32x2x10_kinetics400-rgb.py',
    'timesformer_divst_kinetics400': 'configs/timesformer/timesformer_'
    'divided_mmaction2-converted_8x32x1_kinetics400-rgb.py',
}
RENAMES = {
    'c3d_sports1m-pretrained_ucf101': identity,
    'tsn_r50_kinetics400': identity,
    'i3d_r50_kinetics400': video_resnet_key,
    'r2plus1d_r34_kinetics400': r2plus1d_key,
    'slowfast_r50_4x16_kinetics400': slowfast_key,
    'timesformer_divst_kinetics400': timesformer_key,
}


@register_source
class MMAction2Source(WeightSource):
    """MMAction2 model-zoo files, told apart by their backbone's first
    layer (C3D ``conv1a``, 2D / 3D ResNet ``conv1`` by kernel rank,
    ``Conv2plus1d`` stem, SlowFast ``slow_path``, TimeSformer's divided
    ``attentions.1``)."""
    name = 'mmaction2'
    description = ('MMAction2 1.x model-zoo state dicts (C3D, TSN-R50, '
                   'I3D-R50, R(2+1)D-34, SlowFast-R50 4x16, TimeSformer)')
    models = CONFIGS

    def signatures(self) -> Dict[str, Callable[[StateDict], bool]]:
        first = 'backbone.conv1.conv.weight'
        divided = ('backbone.transformer_layers.layers.0.attentions.1.attn.'
                   'in_proj_weight')
        return {
            'c3d_sports1m-pretrained_ucf101': lambda s: (
                'backbone.conv1a.conv.weight' in s),
            'tsn_r50_kinetics400': lambda s: len(shape(s, first) or ()) == 4,
            'i3d_r50_kinetics400': lambda s: len(shape(s, first) or ()) == 5,
            'r2plus1d_r34_kinetics400': lambda s: (
                'backbone.conv1.conv.conv_s.weight' in s),
            'slowfast_r50_4x16_kinetics400': lambda s: (
                'backbone.slow_path.conv1.conv.weight' in s),
            'timesformer_divst_kinetics400': lambda s: divided in s,
        }

    def convert(self, state, model, target=None):
        return renamed(state, recognizer_rename(RENAMES[model]), self.name)

    def logits(self, recognizer, model, inputs):
        """TSN takes (N, segments, C, H, W) and averages its segments'
        scores; the 3D models one clip (N, C, T, H, W)."""
        batched = inputs if model == 'tsn_r50_kinetics400' else inputs[:, None]
        feats, kwargs = recognizer.extract_feat(batched, test_mode=True)
        return recognizer.cls_head(feats, **kwargs)
