"""Small shared helpers."""
from .progress import ProgressLine
from .state_dict_match import (CheckpointMismatchError,
                               check_checkpoint_matches, matching_keys,
                               without_ddp_prefix)

__all__ = [
    'ProgressLine', 'CheckpointMismatchError', 'check_checkpoint_matches',
    'matching_keys', 'without_ddp_prefix'
]
