"""facebookresearch/TimeSformer's ``vit_base_patch16_224``
(``timesformer/models/vit.py``, the model its ``.pyth`` checkpoints hold:
keys ``model.*``), built from the release's own yaml configs
(``configs/Kinetics``, ``configs/SSv2``) through its ``get_cfg``, from a
checkout of the release (``--release-dir``).

Shims, none in the ViT's computation: ``vit_utils.py`` imports
``torch._six.container_abcs`` (gone in torch 2: ``collections.abc``),
``resnet_helper.py`` (imported by the package, used by its ResNets only)
``torch.nn.modules.linear._LinearWithBias`` (gone: ``nn.Linear``), and
``vit_base_patch16_224.__init__`` calls ``load_pretrained``, which would
download ImageNet ViT weights that the seeded fill overwrites anyway: it is
replaced by a no-op. The release ships no Kinetics-600 yaml; its K600
files are the Kinetics configs with ``MODEL.NUM_CLASSES 600``.

Input: each model's native clip (8 x 224, 16 x 448, 96 / 64 x 224), so
neither ``pos_embed`` nor ``time_embed`` is interpolated; and for the HR
and L models also a 4 x 64 clip (records ``<model>-clip4x64``), which the
release's ``VisionTransformer.forward_features`` takes by resizing both
embeddings (``F.interpolate``, nearest): every weight of the native
layout still enters, at a fraction of the native clip's cost.
"""
import collections.abc
import os.path as osp
import sys
import types

COMMIT = 'a5ef29a7b7264baff199a30b3306ac27de901133'
REFERENCE = (f'facebookresearch/TimeSformer @ {COMMIT}: '
             'timesformer/models/vit.py vit_base_patch16_224(cfg) from '
             'configs/{Kinetics,SSv2}/TimeSformer_divST_*.yaml, logits of '
             'its forward')


def forward(module, x):
    return module(x)


def release_model(yaml: str, classes: int, frames: int, size: int,
                  clip=None):
    """``clip``: (frames, size) of the input, if not the native one."""
    def build(args):
        root = args.release_dir
        if not root or not osp.isfile(
                osp.join(root, 'timesformer', 'models', 'vit.py')):
            raise SystemExit('timesformer: pass --release-dir, a checkout of '
                             'facebookresearch/TimeSformer')
        sys.path.insert(0, root)
        import torch
        if not hasattr(torch, '_six'):
            six = types.ModuleType('torch._six')
            six.container_abcs = collections.abc
            sys.modules['torch._six'] = torch._six = six
        linear = torch.nn.modules.linear
        if not hasattr(linear, '_LinearWithBias'):
            linear._LinearWithBias = torch.nn.Linear
        from timesformer.config.defaults import get_cfg
        from timesformer.models import vit
        vit.load_pretrained = lambda *a, **k: None  # no ImageNet download
        cfg = get_cfg()
        cfg.merge_from_file(osp.join(root, 'configs', yaml))
        cfg.MODEL.NUM_CLASSES = classes
        assert cfg.DATA.NUM_FRAMES == frames, yaml
        assert cfg.DATA.TRAIN_CROP_SIZE == size, yaml
        model = vit.vit_base_patch16_224(cfg)
        clip_frames, clip_size = clip or (frames, size)
        return model, (1, 3, clip_frames, clip_size, clip_size), forward
    build.spec = (yaml, classes, frames, size)
    return build


K400 = 'Kinetics/TimeSformer_divST_'
MODELS = {
    'k400_8x224': release_model(K400 + '8x32_224.yaml', 400, 8, 224),
    'k400_hr_16x448': release_model(K400 + '16x16_448.yaml', 400, 16, 448),
    'k400_l_96x224': release_model(K400 + '96x4_224.yaml', 400, 96, 224),
    'k600_8x224': release_model(K400 + '8x32_224.yaml', 600, 8, 224),
    'k600_hr_16x448': release_model(K400 + '16x16_448.yaml', 600, 16, 448),
    'k600_l_96x224': release_model(K400 + '96x4_224.yaml', 600, 96, 224),
    'ssv2_8x224': release_model('SSv2/TimeSformer_divST_8_224.yaml', 174, 8,
                                224),
    'ssv2_hr_16x448': release_model('SSv2/TimeSformer_divST_16_448.yaml',
                                    174, 16, 448),
    'ssv2_l_64x224': release_model('SSv2/TimeSformer_divST_64_224.yaml',
                                   174, 64, 224),
}
#: Small-clip records of the HR / L models: record name -> model.
MODEL_OF = {f'{name}-clip4x64': name for name in MODELS
            if '_hr_' in name or '_l_' in name}
for _record, _model in MODEL_OF.items():
    MODELS[_record] = release_model(*MODELS[_model].spec, clip=(4, 64))
