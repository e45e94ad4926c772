"""Datasets: the embedded MotionDigits and its generator, checks of bad
data and the opt-in ``SkipBadSamples`` wrapper."""
from .checks import BadDataError, BadEntry, check_sample, parse_annotation
from .label_range_hook import LabelRangeHook
from .motion_digits import (CLASSES, ORDER_FREE_CEILING, SINGLE_FRAME_CEILING,
                            MotionDigitsSpec, ensure_motion_digits)
from .motion_digits_dataset import MotionDigitsDataset
from .motion_digits_flow import ensure_motion_digits_flow
from .motion_digits_rawframes import MotionDigitsRawframeDataset
from .skip_bad_samples import SkipBadSamples
from .skipped_samples_hook import SkippedSamplesHook
from .strict_loading import install_strict_loading
from .transforms import (FlowAwareFlip, FlowAwareTenCrop, RGBDifference,
                         mirror_frames)

__all__ = [
    'CLASSES', 'ORDER_FREE_CEILING', 'SINGLE_FRAME_CEILING',
    'MotionDigitsSpec', 'ensure_motion_digits', 'MotionDigitsDataset',
    'ensure_motion_digits_flow', 'MotionDigitsRawframeDataset',
    'FlowAwareFlip', 'FlowAwareTenCrop', 'RGBDifference', 'mirror_frames',
    'BadDataError', 'BadEntry', 'check_sample', 'parse_annotation',
    'SkipBadSamples', 'SkippedSamplesHook', 'LabelRangeHook',
    'install_strict_loading'
]

install_strict_loading()
