"""Layers and layer arithmetic shared by the backbones."""
from .attention import SelfAttention
from .conv3d import Conv3d
from .conv_makers import (CONV_MAKERS, Conv2Plus1D, conv2d_in_time,
                          conv3d_full, midplanes)
from .lrn import local_response_norm
from .non_local import NonLocalBlock3d
from .shapes import ceil_pool_size, conv_size

__all__ = [
    'CONV_MAKERS', 'Conv2Plus1D', 'Conv3d', 'NonLocalBlock3d', 'SelfAttention',
    'ceil_pool_size',
    'conv2d_in_time', 'conv3d_full', 'conv_size', 'local_response_norm',
    'midplanes'
]
