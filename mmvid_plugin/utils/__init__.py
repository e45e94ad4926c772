"""Small shared helpers."""
from .atomic import (AtomicPath, atomic_directory, atomic_open, atomic_path,
                     write_text_atomically)
from .choices import check_choice
from .progress import ProgressLine
from .state_dict_match import (CheckpointMismatchError,
                               check_checkpoint_matches, check_exact_match,
                               matching_keys, without_ddp_prefix)

__all__ = [
    'AtomicPath', 'atomic_directory', 'atomic_open', 'atomic_path',
    'write_text_atomically', 'ProgressLine', 'CheckpointMismatchError',
    'check_checkpoint_matches', 'check_choice',
    'check_exact_match', 'matching_keys', 'without_ddp_prefix'
]
