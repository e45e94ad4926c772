"""Inference on single videos: whole-video and sliding-window predictions
with MMAction2's recogniser API, drawn onto a GIF or MP4."""
from .pipeline import PredictError, window_bounds, window_count
from .predict import (VideoInfo, VideoPrediction, VideoPredictor,
                      WindowPrediction, label_names, probe_video,
                      read_labels, top_k)
from .render import class_colour, write_annotated_video

__all__ = [
    'PredictError', 'window_bounds', 'window_count', 'VideoInfo',
    'VideoPrediction', 'VideoPredictor', 'WindowPrediction', 'label_names',
    'probe_video', 'read_labels', 'top_k', 'class_colour',
    'write_annotated_video'
]
