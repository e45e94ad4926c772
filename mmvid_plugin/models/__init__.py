"""Models: backbones, necks, fusion modules, heads and recognizers."""
from .backbones import *  # noqa: F401,F403
from .fusion import *  # noqa: F401,F403
from .heads import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
from .recognizers import *  # noqa: F401,F403
from .tsn_practices import apply_partial_bn, frozen_batch_norms

__all__ = ['apply_partial_bn', 'frozen_batch_norms']
