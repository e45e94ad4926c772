"""Small shared helpers."""
from .progress import ProgressLine
from .state_dict_match import (CheckpointMismatchError,
                               check_checkpoint_matches, check_exact_match,
                               matching_keys, without_ddp_prefix)

__all__ = [
    'ProgressLine', 'CheckpointMismatchError', 'check_checkpoint_matches',
    'check_exact_match', 'matching_keys', 'without_ddp_prefix'
]
