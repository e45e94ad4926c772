"""Engine: safe checkpoint I/O, CPU distributed support, hooks, bf16
training."""
from .bf16_optim_wrapper import BF16OptimWrapper
from .checkpoint_io import (UNSAFE_LOAD_ENV, load_checkpoint_safely,
                            save_checkpoint_atomically)
from .hooks import (CheckpointMatchHook, CrossModalityInitHook,
                    FoldBatchNormHook, NonFiniteLossGuardHook, PartialBNHook)
from .precise_bn import PreciseBNHook, recompute_bn_statistics

__all__ = [
    'BF16OptimWrapper',
    'UNSAFE_LOAD_ENV', 'load_checkpoint_safely', 'save_checkpoint_atomically',
    'NonFiniteLossGuardHook', 'PartialBNHook', 'CrossModalityInitHook',
    'CheckpointMatchHook', 'FoldBatchNormHook',
    'PreciseBNHook', 'recompute_bn_statistics'
]
