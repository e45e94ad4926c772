"""transformers' ``TimesformerForVideoClassification``
(``models/timesformer/modeling_timesformer.py``) built from
``TimesformerConfig`` with the hub files' sizes (no network): the defaults
(ViT-B/16, divided space-time, qkv bias, LayerNorm eps 1e-6) plus
``image_size``, ``num_frames`` and ``num_labels`` of
facebook/timesformer-{base,hr,large}-finetuned-{k400,k600,ssv2}.

The model takes ``pixel_values`` (N, T, C, H, W) and only its native size
(its layers read ``num_frames`` and ``image_size`` from the config); the
seeded (N, C, T, H, W) clip is transposed to it. Output: ``logits``.
"""
REFERENCE = ('transformers {version}: TimesformerForVideoClassification('
             'TimesformerConfig(image_size, num_frames, num_labels)).logits')


def forward(module, x):
    return module(pixel_values=x.transpose(1, 2)).logits


def hf_model(classes: int, frames: int, size: int):
    def build(args):
        from transformers import (TimesformerConfig,
                                  TimesformerForVideoClassification)
        config = TimesformerConfig(image_size=size, num_frames=frames,
                                   num_labels=classes)
        model = TimesformerForVideoClassification(config)
        return model, (1, 3, frames, size, size), forward
    return build


def _reference():
    try:
        import transformers
        return REFERENCE.format(version=transformers.__version__)
    except ImportError:
        return REFERENCE


REFERENCE = _reference()
MODELS = {
    'k400_8x224': hf_model(400, 8, 224),
    'k400_hr_16x448': hf_model(400, 16, 448),
    'k400_l_96x224': hf_model(400, 96, 224),
    'k600_8x224': hf_model(600, 8, 224),
    'k600_hr_16x448': hf_model(600, 16, 448),
    'k600_l_96x224': hf_model(600, 96, 224),
    'ssv2_8x224': hf_model(174, 8, 224),
    'ssv2_hr_16x448': hf_model(174, 16, 448),
    'ssv2_l_64x224': hf_model(174, 64, 224),
}
