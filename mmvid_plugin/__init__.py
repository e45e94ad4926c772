"""mmvid_plugin: classic video-understanding architectures for MMAction2 1.x.

``import mmvid_plugin`` applies the compatibility fixes of the pinned stack,
then registers every component into MMAction2's registries (whose errors
for an unknown ``type`` then list the registered choices).
"""
from . import compat  # noqa: F401  (must come first)
from . import datasets, engine, evaluation, models, weights  # noqa: F401
from .utils.registry_hints import install_registry_hints
from .version import __version__

install_registry_hints()

__all__ = ['__version__']
