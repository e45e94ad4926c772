"""transformers' ``TimesformerForVideoClassification``
(``models/timesformer/modeling_timesformer.py``) built from
``TimesformerConfig`` with the hub files' sizes (no network): the defaults
(ViT-B/16, divided space-time, qkv bias, LayerNorm eps 1e-6) plus
``image_size``, ``num_frames`` and ``num_labels`` of
facebook/timesformer-{base,hr,large}-finetuned-{k400,k600,ssv2}.

The model takes ``pixel_values`` (N, T, C, H, W); the seeded (N, C, T,
H, W) clip is transposed to it. Output: ``logits``. Its layers read the
clip's ``num_frames`` and ``image_size`` from the config at each forward,
while ``TimesformerEmbeddings`` resizes the position and time embeddings
to the clip it gets (``interpolate``, nearest): for the HR and L records
at a 4 x 64 clip (``<model>-clip4x64``) the model is built at the hub
file's sizes (the layout) and its shared config then set to the clip.
"""
REFERENCE = ('transformers {version}: TimesformerForVideoClassification('
             'TimesformerConfig(image_size, num_frames, num_labels)).logits')


def forward(module, x):
    return module(pixel_values=x.transpose(1, 2)).logits


def hf_model(classes: int, frames: int, size: int, clip=None):
    """``clip``: (frames, size) of the input, if not the native one."""
    def build(args):
        from transformers import (TimesformerConfig,
                                  TimesformerForVideoClassification)
        config = TimesformerConfig(image_size=size, num_frames=frames,
                                   num_labels=classes)
        model = TimesformerForVideoClassification(config)
        clip_frames, clip_size = clip or (frames, size)
        model.config.num_frames = clip_frames
        model.config.image_size = clip_size
        return model, (1, 3, clip_frames, clip_size, clip_size), forward
    build.spec = (classes, frames, size)
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
#: Small-clip records of the HR / L models: record name -> model.
MODEL_OF = {f'{name}-clip4x64': name for name in MODELS
            if '_hr_' in name or '_l_' in name}
for _record, _model in MODEL_OF.items():
    MODELS[_record] = hf_model(*MODELS[_model].spec, clip=(4, 64))
