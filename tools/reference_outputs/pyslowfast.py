"""PySlowFast's Kinetics ResNets (facebookresearch/SlowFast), run from a
checkout of the release (``--release-dir``): ``slowfast/models/
video_model_builder.py`` ``SlowFast`` / ``ResNet`` built from its
``configs/Kinetics/*.yaml`` through ``slowfast/config/defaults.py``
``get_cfg``.

Two settings are the reference's, not the architecture's: ``MODEL.HEAD_ACT
'none'`` (its head applies softmax in eval; the check wants the logits
before it) and ``DATA.NUM_FRAMES`` / ``DATA.TRAIN_CROP_SIZE`` equal to the
reference clip, so the head's average pool (sized from them) covers the
whole final map, as our ``WindowPoolHead`` does on a map smaller than its
224-px window (one position: the logits). SlowFast's two pathways come
from the Fast clip as its ``slowfast/datasets/utils.py``
``pack_pathway_output`` makes them (Slow frames by linspace).

Inputs: 64 x 64 (a 2 x 2 final map) at the configs' frame counts; the
non-local models 32 x 32, the smallest their res4 non-local 1x2x2
max-pool takes: with seeded weights their affinity softmax is nearly hard,
and ours, checked in float32, drifts from the float64 reference with the
number of positions (4e-4 of max |logit| at 64 px, 2e-6 at 32 px).
"""
import os.path as osp
import sys
import types

import torch

COMMIT = '287ec0076846560f44a9327e931a5a2360240533'
REFERENCE = (f'facebookresearch/SlowFast @ {COMMIT}: slowfast/models/'
             'video_model_builder.py SlowFast / ResNet(cfg) of configs/'
             'Kinetics/<model>.yaml, MODEL.HEAD_ACT none (pre-softmax), '
             'DATA.NUM_FRAMES / TRAIN_CROP_SIZE = the input clip; SlowFast '
             'pathways as slowfast/datasets/utils.py pack_pathway_output; '
             'slowfast.models imported without its __init__, stand-ins '
             'for unused detectron2 / newer-pytorchvideo distributed '
             'imports')
SIZE = 64


def distributed_stand_ins():
    """The release's ``slowfast/utils/distributed.py`` imports helpers of
    a PyTorchVideo newer than 0.1.5 (``cat_all_gather`` ...); no model
    calls them in one process: stand-ins that say so if called."""
    from pytorchvideo.layers import distributed

    def unavailable(*args, **kwargs):
        raise RuntimeError('pyslowfast reference: distributed helper '
                           'called in a single-process run')
    for name in ('cat_all_gather', 'get_local_process_group',
                 'init_distributed_training'):
        if not hasattr(distributed, name):
            setattr(distributed, name, unavailable)
    for name, value in (('get_local_rank', 0), ('get_local_size', 1)):
        if not hasattr(distributed, name):
            setattr(distributed, name, lambda value=value: value)


def models_package(release_dir: str) -> None:
    """``slowfast.models`` without its ``__init__.py``, which imports
    every model of the release (contrastive / masked ones need
    ``pytorchvideo.losses`` of a newer PyTorchVideo); its modules load
    unchanged from the checkout."""
    import slowfast
    if 'slowfast.models' not in sys.modules:
        package = types.ModuleType('slowfast.models')
        package.__path__ = [osp.join(release_dir, 'slowfast', 'models')]
        sys.modules['slowfast.models'] = package
        slowfast.models = package


def detectron2_stand_in() -> None:
    """``head_helper.py`` imports detectron2's ``ROIAlign`` for the AVA
    detection head, which no Kinetics model builds: a stand-in that
    says so if built."""
    try:
        import detectron2.layers  # noqa: F401
        return
    except ImportError:
        pass

    class ROIAlign:
        def __init__(self, *args, **kwargs):
            raise RuntimeError('pyslowfast reference: detectron2 ROIAlign '
                               '(detection heads) is not installed')
    root = types.ModuleType('detectron2')
    layers = types.ModuleType('detectron2.layers')
    layers.ROIAlign = ROIAlign
    root.layers = layers
    sys.modules.update({'detectron2': root, 'detectron2.layers': layers})


def release_config(args, yaml: str, frames: int, size: int = SIZE,
                   overrides=()):
    if not args.release_dir or not osp.isfile(
            osp.join(args.release_dir, 'configs', 'Kinetics', yaml)):
        raise SystemExit('pyslowfast: pass --release-dir, a checkout of '
                         'facebookresearch/SlowFast (configs/Kinetics/)')
    if args.release_dir not in sys.path:
        sys.path.insert(0, args.release_dir)
    distributed_stand_ins()
    models_package(args.release_dir)
    detectron2_stand_in()
    from slowfast.config.defaults import assert_and_infer_cfg, get_cfg
    cfg = get_cfg()
    cfg.merge_from_file(osp.join(args.release_dir, 'configs', 'Kinetics',
                                 yaml))
    cfg.NUM_GPUS = 0
    cfg.MODEL.HEAD_ACT = 'none'
    cfg.DATA.NUM_FRAMES = frames
    cfg.DATA.TRAIN_CROP_SIZE = size
    cfg.merge_from_list(list(overrides))
    return assert_and_infer_cfg(cfg)


def pathways(cfg):
    """The release's input packing (``slowfast/datasets/utils.py``
    ``pack_pathway_output``, restated on a batch: that module needs cv2
    and the dataset stack): SlowFast takes [Slow, Fast], the Slow frames
    ``index_select`` of ``linspace(0, T - 1, T // ALPHA).long()``; the
    single-pathway models take [clip]."""
    def forward(module, x):
        if cfg.MODEL.ARCH not in cfg.MODEL.MULTI_PATHWAY_ARCH:
            return module([x])
        frames = x.shape[2]
        index = torch.linspace(0, frames - 1,
                               frames // cfg.SLOWFAST.ALPHA).long()
        return module([torch.index_select(x, 2, index), x])
    return forward


def release_model(yaml: str, frames: int, batch: int = 1,
                  size: int = SIZE, overrides=()):
    def build(args):
        cfg = release_config(args, yaml, frames, size, overrides)
        from slowfast.models import video_model_builder  # noqa: F401
        from slowfast.models.build import MODEL_REGISTRY
        model = MODEL_REGISTRY.get(cfg.MODEL.MODEL_NAME)(cfg)
        return model, (batch, 3, frames, size, size), pathways(cfg)
    return build


MODELS = {
    'slowfast_r50_4x16': release_model('SLOWFAST_4x16_R50.yaml', 32),
    'slowfast_r50_8x8': release_model('SLOWFAST_8x8_R50.yaml', 32),
    'slow_r50_4x16': release_model('SLOW_4x16_R50.yaml', 4, batch=2),
    'slow_r50_8x8': release_model('SLOW_8x8_R50.yaml', 8),
    'c2d_r50_8x8': release_model('C2D_8x8_R50.yaml', 8),
    'i3d_r50_8x8': release_model('I3D_8x8_R50.yaml', 8),
    'c2d_nln_r50_8x8': release_model('C2D_NLN_8x8_R50.yaml', 8, size=32),
    'i3d_nln_r50_8x8': release_model('I3D_NLN_8x8_R50.yaml', 8, size=32),
}
