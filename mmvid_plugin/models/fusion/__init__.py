"""Two-stream fusion modules: spatial (sum, max, concat, conv, bilinear)
and temporal (2D pooling, 3D pooling, 3D conv fusion)."""
from .spatial import (BilinearFusion, ConcatFusion, ConvFusion, MaxFusion,
                      SumFusion)
from .temporal import (Conv3DFusion, FramewiseMaxPool2D,
                       SpatiotemporalMaxPool3D, gaussian_3x3x3)

__all__ = [
    'BilinearFusion', 'ConcatFusion', 'Conv3DFusion', 'ConvFusion',
    'FramewiseMaxPool2D', 'MaxFusion', 'SpatiotemporalMaxPool3D',
    'SumFusion', 'gaussian_3x3x3'
]
