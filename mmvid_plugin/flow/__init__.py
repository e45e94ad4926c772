"""Optical-flow extraction to MMAction2's rawframes layout (TV-L1 in
OpenCV or PyTorch, Farneback), used by the two-stream methods."""
from .algorithms import (ALGORITHMS, dequantize_flow, make_batch_flow_fn,
                         make_flow_fn, quantize_flow)
from .dataset import (VideoItem, extract_dataset, videos_from_folder,
                      videos_from_list)
from .layout import (FLOW_BOUND, FLOW_TEMPLATE, RGB_TEMPLATE, flow_name,
                     flow_pattern, frame_template, rgb_name)
from .video import extract_video

__all__ = [
    'ALGORITHMS', 'dequantize_flow', 'make_batch_flow_fn', 'make_flow_fn',
    'quantize_flow',
    'VideoItem', 'extract_dataset', 'videos_from_folder', 'videos_from_list',
    'extract_video', 'FLOW_BOUND', 'FLOW_TEMPLATE', 'RGB_TEMPLATE',
    'flow_name', 'flow_pattern', 'frame_template', 'rgb_name'
]
