"""Datasets: the embedded MotionDigits and its generator."""
from .motion_digits import (CLASSES, ORDER_FREE_CEILING, SINGLE_FRAME_CEILING,
                            MotionDigitsSpec, ensure_motion_digits)
from .motion_digits_dataset import MotionDigitsDataset
from .motion_digits_flow import ensure_motion_digits_flow
from .motion_digits_rawframes import MotionDigitsRawframeDataset
from .transforms import (FlowAwareFlip, FlowAwareTenCrop, RGBDifference,
                         mirror_frames)

__all__ = [
    'CLASSES', 'ORDER_FREE_CEILING', 'SINGLE_FRAME_CEILING',
    'MotionDigitsSpec', 'ensure_motion_digits', 'MotionDigitsDataset',
    'ensure_motion_digits_flow', 'MotionDigitsRawframeDataset',
    'FlowAwareFlip', 'FlowAwareTenCrop', 'RGBDifference', 'mirror_frames'
]
