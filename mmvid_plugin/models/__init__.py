"""Models: backbones, necks, fusion modules, heads and recognizers."""
from .backbones import *  # noqa: F401,F403
