"""Layers and layer arithmetic shared by the backbones."""
from .attention import SelfAttention
from .conv3d import Conv3d
from .conv_makers import (CONV_MAKERS, TEMPORAL_MAKERS, Conv2Plus1D,
                          conv2d_in_time, conv3d_full, midplanes)
from .frames import fold_time, unfold_time
from .lrn import local_response_norm
from .non_local import NonLocalBlock3d
from .shapes import ceil_pool_size, conv_size

__all__ = [
    'CONV_MAKERS', 'Conv2Plus1D', 'Conv3d', 'NonLocalBlock3d', 'SelfAttention',
    'TEMPORAL_MAKERS', 'ceil_pool_size',
    'conv2d_in_time', 'conv3d_full', 'conv_size', 'fold_time',
    'local_response_norm', 'midplanes', 'unfold_time'
]
