"""TimeSformer checkpoints, divided space-time attention, ViT-B/16.

``timesformer``: the official release's ``.pyth`` files
(facebookresearch/TimeSformer, README "Model Zoo"): ``model_state`` of
``timesformer/models/vit.py`` ``vit_base_patch16_224``, which wraps the
``VisionTransformer`` as ``model``, so every key starts with ``model.``
(``model.patch_embed.proj``, ``model.cls_token``, ``model.pos_embed``,
``model.time_embed``, ``model.blocks.N.{norm1, attn.qkv, attn.proj,
temporal_norm1, temporal_attn.*, temporal_fc, norm2, mlp.fc1, mlp.fc2}``,
``model.norm``, ``model.head``). Our ``TimeSformerViT`` keeps the
release's module names, so the mapping is a prefix change, plus
``patch_embed.proj`` -> ``patch_embed`` and ``head`` ->
``cls_head.fc_cls``.

``hf-timesformer``: transformers' ``TimesformerForVideoClassification``
(``modeling_timesformer.py``; the hub's ``facebook/timesformer-*``
files are the release's weights renamed): ``timesformer.embeddings.*``,
``timesformer.encoder.layer.N.{layernorm_before, attention.attention.qkv,
attention.output.dense, temporal_layernorm, temporal_attention.*,
temporal_dense, layernorm_after, intermediate.dense, output.dense}``,
``timesformer.layernorm``, ``classifier``.

Both hold the same nine models: TimeSformer (8 x 224), -HR (16 x 448) and
-L (96 x 224; 64 x 224 on SSv2) on Kinetics-400, Kinetics-600 and
Something-Something-v2. A file tells its model by the classifier's rows
(400 / 600 / 174), ``time_embed``'s frames and ``pos_embed``'s tokens
(1 + (size / 16)^2).
"""
import math
import re
from typing import Callable, Dict, Optional, Tuple

from .source import StateDict, WeightSource, register_source, renamed


def _config(arch: str, clip: str, dataset: str) -> str:
    return (f'configs/timesformer/timesformer_{arch}_timesformer-converted_'
            f'{clip}_{dataset}-rgb.py')


#: model -> (classes, frames, crop size, config); the release's README
#: "Model Zoo" and configs/{Kinetics,SSv2}/TimeSformer_divST_*.yaml
VARIANTS: Dict[str, Tuple[int, int, int, str]] = {
    'k400_8x224': (400, 8, 224, _config('divided', '8x32x1', 'kinetics400')),
    'k400_hr_16x448': (400, 16, 448,
                       _config('divided-hr', '16x16x1', 'kinetics400')),
    'k400_l_96x224': (400, 96, 224,
                      _config('divided-l', '96x4x1', 'kinetics400')),
    'k600_8x224': (600, 8, 224, _config('divided', '8x32x1', 'kinetics600')),
    'k600_hr_16x448': (600, 16, 448,
                       _config('divided-hr', '16x16x1', 'kinetics600')),
    'k600_l_96x224': (600, 96, 224,
                      _config('divided-l', '96x4x1', 'kinetics600')),
    'ssv2_8x224': (174, 8, 224, _config('divided', 'u8x1x1', 'sthv2')),
    'ssv2_hr_16x448': (174, 16, 448,
                       _config('divided-hr', 'u16x1x1', 'sthv2')),
    'ssv2_l_64x224': (174, 64, 224, _config('divided-l', 'u64x1x1', 'sthv2')),
}

BLOCK_PARTS = ('norm1', 'attn.qkv', 'attn.proj', 'temporal_norm1',
               'temporal_attn.qkv', 'temporal_attn.proj', 'temporal_fc',
               'norm2', 'mlp.fc1', 'mlp.fc2')
RELEASE_BLOCK = re.compile(r'^blocks\.(\d+)\.(' + '|'.join(
    re.escape(p) for p in BLOCK_PARTS) + r')\.(weight|bias)$')
RELEASE_TOP = {'cls_token': 'backbone.cls_token',
               'pos_embed': 'backbone.pos_embed',
               'time_embed': 'backbone.time_embed',
               'patch_embed.proj.weight': 'backbone.patch_embed.weight',
               'patch_embed.proj.bias': 'backbone.patch_embed.bias',
               'norm.weight': 'backbone.norm.weight',
               'norm.bias': 'backbone.norm.bias',
               'head.weight': 'cls_head.fc_cls.weight',
               'head.bias': 'cls_head.fc_cls.bias'}


def release_key(key: str) -> Optional[str]:
    """One release key (``model.`` prefix optional: a bare
    ``VisionTransformer``'s state dict also converts) -> ours."""
    key = key[len('model.'):] if key.startswith('model.') else key
    if key in RELEASE_TOP:
        return RELEASE_TOP[key]
    match = RELEASE_BLOCK.match(key)
    return f'backbone.{key}' if match else None


HF_LAYER = {'layernorm_before': 'norm1',
            'attention.attention.qkv': 'attn.qkv',
            'attention.output.dense': 'attn.proj',
            'temporal_layernorm': 'temporal_norm1',
            'temporal_attention.attention.qkv': 'temporal_attn.qkv',
            'temporal_attention.output.dense': 'temporal_attn.proj',
            'temporal_dense': 'temporal_fc',
            'layernorm_after': 'norm2',
            'intermediate.dense': 'mlp.fc1',
            'output.dense': 'mlp.fc2'}
HF_BLOCK = re.compile(r'^timesformer\.encoder\.layer\.(\d+)\.(.+)\.'
                      r'(weight|bias)$')
HF_TOP = {'timesformer.embeddings.cls_token': 'backbone.cls_token',
          'timesformer.embeddings.position_embeddings': 'backbone.pos_embed',
          'timesformer.embeddings.time_embeddings': 'backbone.time_embed',
          'timesformer.embeddings.patch_embeddings.projection.weight':
          'backbone.patch_embed.weight',
          'timesformer.embeddings.patch_embeddings.projection.bias':
          'backbone.patch_embed.bias',
          'timesformer.layernorm.weight': 'backbone.norm.weight',
          'timesformer.layernorm.bias': 'backbone.norm.bias',
          'classifier.weight': 'cls_head.fc_cls.weight',
          'classifier.bias': 'cls_head.fc_cls.bias'}


def hf_key(key: str) -> Optional[str]:
    """One ``TimesformerForVideoClassification`` key -> ours."""
    if key in HF_TOP:
        return HF_TOP[key]
    match = HF_BLOCK.match(key)
    if not match or match.group(2) not in HF_LAYER:
        return None
    index, part, kind = match.groups()
    return f'backbone.blocks.{index}.{HF_LAYER[part]}.{kind}'


def layout(state: StateDict, keys: Tuple[str, str, str, str]):
    """(classes, frames, crop size) of a divided-attention state dict, or
    None (a key missing, e.g. no ``temporal_fc``: not divided attention).

    ``keys``: the source's classifier weight, ``time_embed``,
    ``pos_embed`` and block 0's ``temporal_fc.weight``."""
    if not all(k in state for k in keys):
        return None
    head, time, pos = (state[k].shape for k in keys[:3])
    if len(head) != 2 or len(time) != 3 or len(pos) != 3:
        return None
    return head[0], time[1], int(round(math.sqrt(pos[1] - 1))) * 16


class TimeSformerSource(WeightSource):
    """The models of :data:`VARIANTS`; subclasses give the key layout."""
    models = {name: v[3] for name, v in VARIANTS.items()}
    #: classifier weight, time_embed, pos_embed, block 0's temporal_fc
    layout_keys: Tuple[str, str, str, str] = ()

    def rename(self, key: str) -> Optional[str]:
        raise NotImplementedError

    def normalised(self, state: StateDict) -> StateDict:
        return state

    def signatures(self) -> Dict[str, Callable[[StateDict], bool]]:
        def test(state, expected):
            return layout(self.normalised(state),
                          self.layout_keys) == expected

        return {name: (lambda s, v=v[:3]: test(s, v))
                for name, v in VARIANTS.items()}

    def convert(self, state, model, target=None):
        return renamed(state, self.rename, self.name)


@register_source
class ReleaseSource(TimeSformerSource):
    """facebookresearch/TimeSformer ``.pyth`` files (``model_state``)."""
    name = 'timesformer'
    description = ('facebookresearch/TimeSformer .pyth files (K400 / K600 '
                   '/ SSv2; TimeSformer, -HR, -L)')
    layout_keys = ('head.weight', 'time_embed', 'pos_embed',
                   'blocks.0.temporal_fc.weight')

    def rename(self, key):
        return release_key(key)

    def normalised(self, state):
        return {k[len('model.'):] if k.startswith('model.') else k: v
                for k, v in state.items()}


@register_source
class HFSource(TimeSformerSource):
    """transformers ``TimesformerForVideoClassification`` state dicts."""
    name = 'hf-timesformer'
    description = ('transformers TimesformerForVideoClassification '
                   '(facebook/timesformer-{base,hr,large}-finetuned-'
                   '{k400,k600,ssv2})')
    layout_keys = ('classifier.weight', 'timesformer.embeddings.'
                   'time_embeddings', 'timesformer.embeddings.'
                   'position_embeddings', 'timesformer.encoder.layer.0.'
                   'temporal_dense.weight')

    def rename(self, key):
        return hf_key(key)
