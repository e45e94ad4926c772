"""Transforms registered into MMAction2's TRANSFORMS."""
from .aligned_rgb_flow import (AlignedRGBFlowDecode, AlignedRGBFlowFlip,
                               FormatAlignedRGBFlow, NoCentreScaleJitterCrop,
                               SampleAlignedRGBFlow)
from .flow_flip import FlowAwareFlip, FlowAwareTenCrop, mirror_frames
from .fovea_context import FoveaContextViews, fovea_context_views
from .rgb_difference import RGBDifference

__all__ = [
    'AlignedRGBFlowDecode', 'AlignedRGBFlowFlip', 'FormatAlignedRGBFlow',
    'NoCentreScaleJitterCrop', 'SampleAlignedRGBFlow',
    'FlowAwareFlip', 'FlowAwareTenCrop', 'FoveaContextViews',
    'fovea_context_views', 'mirror_frames', 'RGBDifference'
]
