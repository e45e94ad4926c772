"""Training hooks."""
import math

from mmengine.hooks import Hook

from mmaction.registry import HOOKS


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
