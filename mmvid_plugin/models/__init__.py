"""Models: backbones, necks, fusion modules, heads and recognizers."""
from .backbones import *  # noqa: F401,F403
from .cross_modality_init import CrossModalityPretrained
from .fusion import *  # noqa: F401,F403
from .heads import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
from .recognizers import *  # noqa: F401,F403
from .tsn_practices import (apply_partial_bn, cross_modality_state_dict,
                            frozen_batch_norms)

__all__ = [
    'CrossModalityPretrained', 'apply_partial_bn', 'cross_modality_state_dict',
    'frozen_batch_norms'
]
