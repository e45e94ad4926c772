"""Engine: safe checkpoint I/O, CPU distributed support, hooks."""
from .checkpoint_io import (UNSAFE_LOAD_ENV, load_checkpoint_safely,
                            save_checkpoint_atomically)
from .hooks import (CheckpointMatchHook, CrossModalityInitHook,
                    NonFiniteLossGuardHook, PartialBNHook)
from .precise_bn import PreciseBNHook, recompute_bn_statistics

__all__ = [
    'UNSAFE_LOAD_ENV', 'load_checkpoint_safely', 'save_checkpoint_atomically',
    'NonFiniteLossGuardHook', 'PartialBNHook', 'CrossModalityInitHook',
    'CheckpointMatchHook',
    'PreciseBNHook', 'recompute_bn_statistics'
]
