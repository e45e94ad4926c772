"""mmvid_plugin: classic video-understanding architectures for MMAction2 1.x.

``import mmvid_plugin`` applies the compatibility fixes of the pinned stack,
then registers every component into MMAction2's registries.
"""
from . import compat  # noqa: F401  (must come first)
from . import datasets, engine, models, weights  # noqa: F401
from .version import __version__

__all__ = ['__version__']
