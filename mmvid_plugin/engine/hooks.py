"""Training hooks."""
import math

from mmengine.hooks import Hook
from mmengine.model import (MMSeparateDistributedDataParallel,
                            is_model_wrapper)
from mmengine.runner.checkpoint import _load_checkpoint
from torch.nn.parallel import DataParallel, DistributedDataParallel

from mmaction.registry import HOOKS

from ..models.tsn_practices import apply_partial_bn, frozen_batch_norms
from ..weights.cross_modality import log_adapted, rgb_init_state
from ..utils import check_checkpoint_matches, without_ddp_prefix


def _unwrap(model):
    return model.module if is_model_wrapper(model) else model


@HOOKS.register_module()
class NonFiniteLossGuardHook(Hook):
    """Stop training with a clear error once the loss is NaN or infinite.

    A diverged run otherwise keeps training and writes checkpoints full of
    NaNs over the good ones. Stopping early leaves the last good checkpoint
    in the work dir.

    Args:
        patience: Consecutive non-finite iterations tolerated before stopping
            (mixed precision can produce an occasional overflow).
    """
    priority = 'ABOVE_NORMAL'  # before CheckpointHook saves anything

    def __init__(self, patience: int = 0):
        if patience < 0:
            raise ValueError(f'NonFiniteLossGuardHook: patience={patience}; '
                             'expected an integer >= 0')
        self.patience = patience
        self.consecutive = 0

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if not outputs or 'loss' not in outputs:
            return
        loss = float(outputs['loss'])
        if math.isfinite(loss):
            self.consecutive = 0
            return
        self.consecutive += 1
        if self.consecutive > self.patience:
            terms = ', '.join(f'{k}={float(v):.4g}' for k, v in
                              outputs.items() if k.startswith('loss_'))
            raise FloatingPointError(
                f'loss is {loss} at iteration {runner.iter + 1} (epoch '
                f'{runner.epoch + 1}) for {self.consecutive} consecutive '
                f'iteration(s); loss terms: {terms or "none logged"}. '
                f'Checkpoints saved so far in {runner.work_dir} are intact. '
                'Lower the learning rate, set optim_wrapper.clip_grad, or '
                'check the input data.')


def is_rebuildable_ddp(wrapper) -> bool:
    """Whether ``wrapper`` is a DistributedDataParallel the runner can build
    again. MMEngine's separate DDP only subclasses DDP: it wraps submodules
    and has no reducer of its own."""
    return (isinstance(wrapper, DistributedDataParallel)
            and not isinstance(wrapper, MMSeparateDistributedDataParallel))


def rewrap_model(runner) -> None:
    """Wrap ``runner.model``'s module again with the runner's own
    ``wrap_model`` (same ``model_wrapper_cfg``, ``find_unused_parameters``,
    ``sync_bn``), so DDP registers the parameters that train now."""
    wrapper = runner.model
    # The old reducer's gradient hooks stay on the parameters until it is
    # garbage-collected; remove them now.
    remove_hooks = getattr(wrapper, '_remove_autograd_hooks', None)
    if remove_hooks is not None:
        remove_hooks()
    runner.model = runner.wrap_model(runner.cfg.get('model_wrapper_cfg'),
                                     wrapper.module)


@HOOKS.register_module()
class PartialBNHook(Hook):
    """TSN's partial BN (Wang et al. 2016, Sec. 3.2) for any backbone.

    Freezes the statistics and affine parameters of every BatchNorm except
    the first, as tsn-pytorch ``TSN.train()`` and the Caffe release
    (``frozen: true`` on every BN but ``conv1/7x7_s2_bn``): before the run,
    and the statistics again after each ``model.train()`` (every iteration,
    as the loops switch modes around validation).

    Distributed training: MMEngine's runner wraps the model in
    DistributedDataParallel before it builds any hook, and DDP fixes the set
    of parameters it reduces when it is built; freezing γ/β afterwards makes
    it wait for gradients that never come ("Expected to have finished
    reduction in the prior iteration" at the second iteration). In
    ``before_run`` this hook therefore freezes them and, when the wrapper was
    built on them, wraps the module again through ``Runner.wrap_model``:
    DDP then sees the frozen set exactly as if it had been frozen before
    wrapping, and never reduces γ/β of the frozen layers.

    Raises:
        TypeError: the model sits in a wrapper other than DDP (e.g. FSDP)
            that was built on the parameters to freeze.
    """
    priority = 'HIGH'

    def before_run(self, runner):
        model = _unwrap(runner.model)
        was_trainable = any(p.requires_grad
                            for norm in frozen_batch_norms(model)
                            for p in norm.parameters(recurse=False))
        wrapper = runner.model if is_model_wrapper(runner.model) else None
        if (was_trainable and wrapper is not None
                and not isinstance(wrapper, DataParallel)
                and not is_rebuildable_ddp(wrapper)):
            raise TypeError(
                f'PartialBNHook: the model is wrapped in a '
                f'{type(wrapper).__name__}, built before partial BN froze '
                'the BatchNorm parameters; expected no wrapper, '
                'DistributedDataParallel (MMDistributedDataParallel) or '
                'DataParallel')
        apply_partial_bn(model)
        if was_trainable and is_rebuildable_ddp(wrapper):
            rewrap_model(runner)
            runner.logger.info('partial BN: model wrapped again so that '
                               'DistributedDataParallel reduces only the '
                               'parameters that train')

    def before_train(self, runner):
        count = apply_partial_bn(_unwrap(runner.model))
        runner.logger.info(f'partial BN: {count} BatchNorm layers frozen, '
                           'the first one trains')

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        apply_partial_bn(_unwrap(runner.model))


@HOOKS.register_module()
class CheckpointMatchHook(Hook):
    """Stop a run whose ``load_from`` / resume checkpoint fits no tensor of
    the model. MMEngine loads checkpoints non-strictly: one of another
    layout (torchvision names, a wrong prefix) would otherwise load nothing,
    with a warning, and training would start from random weights. A partial
    match is logged (:func:`check_checkpoint_matches`).

    Runs after the hooks that rename or adapt the checkpoint
    (``CrossModalityInitHook``), on the keys MMEngine then loads (without
    DDP's ``module.`` prefix).
    """
    priority = 'LOW'

    def after_load_checkpoint(self, runner, checkpoint):
        state = without_ddp_prefix(checkpoint.get('state_dict', checkpoint))
        check_checkpoint_matches(state, _unwrap(runner.model).state_dict(),
                                 checkpoint_source(runner))


def checkpoint_source(runner) -> str:
    """The file the runner loads (``load_from``), for messages."""
    cfg = getattr(runner, 'cfg', None) or {}
    return (cfg.get('load_from') or getattr(runner, '_load_from', None)
            or 'load_from')


@HOOKS.register_module()
class CrossModalityInitHook(Hook):
    """Initialise flow / RGB-difference models from RGB weights, as TSN's
    cross-modality initialisation (Wang et al. 2016, Sec. 3.2; tsn-pytorch
    ``_construct_flow_model``): RGB conv kernels averaged over their 3
    channels, the mean replicated to the model's input channels.

    Accepted checkpoints (:data:`RGB_SOURCES`): an MMEngine / MMAction2
    checkpoint of the RGB model (e.g. TSN-RGB), or a torchvision ResNet file
    (e.g. ImageNet ResNet-50), whose keys are renamed to MMAction2's
    ``ResNet``. Two ways in:

    * ``load_from``: the checkpoint is renamed and adapted before the runner
      loads it;
    * the backbone's ``pretrained`` (MMAction2's ``ResNet`` skips the conv1
      whose shape differs, leaving it random): before training, the kernels
      that differ are adapted from the same file, unless ``load_from`` or a
      resumed checkpoint already set the weights.

    Raises:
        CheckpointMismatchError: no tensor of the checkpoint fits the model.
    """

    def __init__(self):
        self.loaded_checkpoint = False

    def after_load_checkpoint(self, runner, checkpoint):
        self.loaded_checkpoint = True
        source = checkpoint_source(runner)
        state = checkpoint.get('state_dict', checkpoint)
        prepared, keys, _ = rgb_init_state(
            state, _unwrap(runner.model).state_dict(), source)
        state.clear()  # MMEngine loads this very dict next
        state.update(prepared)
        log_adapted(keys, source)

    def before_train(self, runner):
        backbone = getattr(_unwrap(runner.model), 'backbone', None)
        pretrained = getattr(backbone, 'pretrained', None)
        if self.loaded_checkpoint or not isinstance(pretrained, str):
            return
        loaded = _load_checkpoint(pretrained, map_location='cpu')
        prepared, keys, _ = rgb_init_state(
            loaded.get('state_dict', loaded), backbone.state_dict(),
            pretrained)
        backbone.load_state_dict({k: prepared[k] for k in keys}, strict=False)
        log_adapted(keys, pretrained)


@HOOKS.register_module()
class FoldBatchNormHook(Hook):
    """Fold eval-mode BN into the convolutions before it at the first test
    batch (``tools/test.py --fold-bn``): the same predictions with one pass
    over each activation less
    (:func:`~mmvid_plugin.models.layers.batch_norm_folding.fold_batch_norm`,
    which checks the folded model against the original on that batch).
    Testing only: the folded model cannot train.
    """

    def __init__(self):
        self.folded = False

    def before_test_iter(self, runner, batch_idx, data_batch=None):
        if self.folded or data_batch is None:
            return
        from ..models.layers.batch_norm_folding import fold_batch_norm
        model = _unwrap(runner.model)
        model.eval()
        data = model.data_preprocessor(data_batch, False)
        count = fold_batch_norm(model, data['inputs'], data['data_samples'],
                                mode='predict')
        self.folded = True
        runner.logger.info(f'FoldBatchNormHook: folded {count} batch norms '
                           'into the convolutions before them')
