"""Layers and layer arithmetic shared by the backbones."""
from .shapes import ceil_pool_size, conv_size

__all__ = ['ceil_pool_size', 'conv_size']
