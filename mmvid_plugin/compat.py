"""Fixes for the known breakages of the pinned stack.

Imported first by :mod:`mmvid_plugin`. Nothing in site-packages is edited;
each fix patches one name, only when the breakage is present, and says why.

Pinned stack: mmaction2 1.2.0 (PyPI wheel), mmengine 0.10.7, mmcv-lite 2.1.0,
torch >= 2.6, numpy 2.x.
"""
import functools
import importlib.util
import os.path as osp
import sys
import types

import numpy as np

_applied = False


class _DRNPlaceholder:
    """Stands in for ``mmaction.models.localizers.drn.DRN``.

    The mmaction2 1.2.0 wheel ships ``localizers/__init__.py`` importing
    ``.drn.drn`` but not the ``drn`` folder (it has no ``__init__.py`` in the
    source tree, so setuptools skips it). Building DRN is therefore impossible;
    everything else in ``mmaction.models`` works once this name exists.
    """

    def __init__(self, *args, **kwargs):
        raise ImportError(
            'DRN cannot be built: the installed mmaction2 1.2.0 wheel lacks '
            'mmaction/models/localizers/drn. Install mmaction2 from source '
            'to use DRN.')


def install_drn_placeholder() -> bool:
    """Register placeholder ``drn`` modules if the wheel lacks them.

    Returns:
        Whether a placeholder was installed.
    """
    spec = importlib.util.find_spec('mmaction')
    if spec is None or spec.origin is None:
        return False
    localizers = osp.join(osp.dirname(spec.origin), 'models', 'localizers')
    if osp.exists(osp.join(localizers, 'drn', 'drn.py')):
        return False
    name = 'mmaction.models.localizers.drn'
    if name in sys.modules:
        return False
    package = types.ModuleType(name)
    package.__path__ = []  # a package, so that ``.drn.drn`` resolves
    module = types.ModuleType(name + '.drn')
    module.DRN = _DRNPlaceholder
    package.drn = module
    sys.modules[name] = package
    sys.modules[name + '.drn'] = module
    from mmaction.registry import MODELS
    MODELS.register_module('DRN', module=_DRNPlaceholder, force=True)
    return True


def install_safe_checkpoints() -> None:
    """Make MMEngine load and save checkpoints safely under torch >= 2.6.

    torch >= 2.6 loads with ``weights_only=True``; MMEngine checkpoints hold
    ``HistoryBuffer``/numpy objects (and ``builtins.getattr`` with numpy 2),
    so ``--resume``, ``load_from`` and ``tools/test.py`` fail. Saving writes
    plain data atomically; loading allows inert data types only.
    """
    import mmengine.runner.runner as runner_module
    from mmengine.runner.checkpoint import CheckpointLoader

    from .engine.checkpoint_io import (load_checkpoint_safely,
                                       save_checkpoint_atomically)

    def load_from_local_safely(filename, map_location):
        return load_checkpoint_safely(filename, map_location)

    CheckpointLoader.register_scheme(
        prefixes='', loader=load_from_local_safely, force=True)
    # ``Runner.save_checkpoint`` calls the name imported into its module.
    runner_module.save_checkpoint = save_checkpoint_atomically


def install_cpu_distributed() -> None:
    """Let ``--launcher pytorch`` run on CPU-only machines (gloo)."""
    import mmengine.dist.utils as dist_utils
    from mmengine.model import MMDistributedDataParallel

    from .engine.distributed import (ddp_init_cpu_aware,
                                     init_dist_pytorch_cpu_aware)
    if not getattr(dist_utils._init_dist_pytorch, '_mmvid_patched', False):
        patched = init_dist_pytorch_cpu_aware(dist_utils._init_dist_pytorch)
        patched._mmvid_patched = True
        dist_utils._init_dist_pytorch = patched
    init = MMDistributedDataParallel.__init__
    if not getattr(init, '_mmvid_patched', False):
        patched = ddp_init_cpu_aware(init)
        patched._mmvid_patched = True
        MMDistributedDataParallel.__init__ = patched


class _NumpyWithRemovedAliases(types.ModuleType):
    """numpy, plus the aliases that numpy 2.4 removed (``trapz``, ``in1d``).

    Given only to the mmaction2 modules that still call them, so numpy itself
    stays untouched.
    """

    def __init__(self):
        super().__init__('numpy')
        self.trapz = np.trapezoid
        self.in1d = np.isin

    def __getattr__(self, name):
        return getattr(np, name)


def install_numpy2_fixes() -> None:
    """Narrow numpy 2 fixes for mmaction2 1.2.0 code paths.

    - ``np.trapz`` (proposal AUC) and ``np.in1d`` (retrieval recall) were
      removed in numpy 2.4.
    - ``ColorJitter.adjust_hue`` adds a negative Python int to a uint8 array,
      which numpy 2 (NEP 50) rejects with ``OverflowError``.
    """
    import mmaction.evaluation.functional.accuracy as accuracy
    import mmaction.evaluation.metrics.multimodal_metric as multimodal
    from mmaction.datasets.transforms.processing import ColorJitter

    shim = _NumpyWithRemovedAliases()
    for module in (accuracy, multimodal):
        if not hasattr(module.np, 'trapz') or not hasattr(module.np, 'in1d'):
            module.np = shim

    def adjust_hue(img, factor):
        import cv2
        img = np.clip(img, 0, 255).astype(np.uint8)
        hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
        offset = int(factor * 255)
        hue = (hsv[..., 0].astype(np.int16) + offset) % 180
        hsv[..., 0] = hue.astype(np.uint8)
        return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB).astype(np.float32)

    ColorJitter.adjust_hue = staticmethod(adjust_hue)


def install_float_head_scores() -> None:
    """MMAction2's ``BaseHead.loss_by_feat`` computes top-k accuracy with
    ``.numpy()``, and its metrics read predictions the same way: bf16
    scores (autocast training, bf16 validation) fail there. The two
    methods get float32 scores (autocast computes the loss in float32
    anyway)."""
    import torch
    from mmaction.models.heads.base import BaseHead

    def as_float(original):
        if getattr(original, '_mmvid_patched', False):
            return original

        @functools.wraps(original)
        def method(self, cls_scores, *args, **kwargs):
            if torch.is_tensor(cls_scores) and cls_scores.dtype in (
                    torch.bfloat16, torch.float16):
                cls_scores = cls_scores.float()
            return original(self, cls_scores, *args, **kwargs)
        method._mmvid_patched = True
        return method

    BaseHead.loss_by_feat = as_float(BaseHead.loss_by_feat)
    BaseHead.predict_by_feat = as_float(BaseHead.predict_by_feat)


def apply() -> None:
    """Apply every fix once."""
    global _applied
    if _applied:
        return
    install_drn_placeholder()
    install_safe_checkpoints()
    install_cpu_distributed()
    install_numpy2_fixes()
    install_float_head_scores()
    _applied = True


apply()
