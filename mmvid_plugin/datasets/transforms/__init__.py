"""Transforms registered into MMAction2's TRANSFORMS."""
from .flow_flip import FlowAwareFlip, FlowAwareTenCrop, mirror_frames
from .rgb_difference import RGBDifference

__all__ = ['FlowAwareFlip', 'FlowAwareTenCrop', 'mirror_frames',
           'RGBDifference']
