"""Training hooks."""
import math

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmaction.registry import HOOKS

from ..models.tsn_practices import (apply_partial_bn,
                                    cross_modality_state_dict, log_adapted)


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
            raise FloatingPointError(
                f'loss is {loss} at iteration {runner.iter + 1} (epoch '
                f'{runner.epoch + 1}) for {self.consecutive} consecutive '
                f'iteration(s). Checkpoints saved so far in {runner.work_dir} '
                'are intact. Lower the learning rate, set '
                'optim_wrapper.clip_grad, or check the input data.')


@HOOKS.register_module()
class PartialBNHook(Hook):
    """TSN's partial BN (Wang et al. 2016, Sec. 3.2) for any backbone.

    Freezes the statistics and affine parameters of every BatchNorm except
    the first, before training and again after each ``model.train()``
    (every iteration, as the loops switch modes around validation).
    """
    priority = 'HIGH'

    def before_train(self, runner):
        count = apply_partial_bn(_unwrap(runner.model))
        runner.logger.info(f'partial BN: {count} BatchNorm layers frozen, '
                           'the first one trains')

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        apply_partial_bn(_unwrap(runner.model))


@HOOKS.register_module()
class CrossModalityInitHook(Hook):
    """Make ``load_from`` with RGB weights initialise flow / RGB-difference
    models: conv kernels are adapted as TSN's cross-modality
    initialisation (RGB channel mean, replicated)."""

    def after_load_checkpoint(self, runner, checkpoint):
        model_state = _unwrap(runner.model).state_dict()
        state = checkpoint.get('state_dict', checkpoint)
        adapted, keys = cross_modality_state_dict(state, model_state)
        state.update(adapted)
        log_adapted(keys, 'load_from')
