"""Inference and analysis: single videos (whole-video and sliding-window
predictions with MMAction2's recogniser API, drawn onto a GIF or MP4), a
trained model with its loader, a layer's features over a dataset or per
video of a folder (resumable), export (``apis.export``)."""
from .feature_extraction import (extract_features, named_layer,
                                 save_features_atomically)
from .pipeline import PredictError, window_bounds, window_count
from .predict import (VideoInfo, VideoPrediction, VideoPredictor,
                      WindowPrediction, label_names, probe_video,
                      read_labels, top_k)
from .render import class_colour, write_annotated_video
from .run_summary import analyze_run, latest_scalars
from .trained_model import build_eval_loader, load_model, load_trained
from .video_features import (ExtractionReport, extract_video_features,
                             read_records, videos_in_folder, videos_in_list)

__all__ = [
    'PredictError', 'window_bounds', 'window_count', 'VideoInfo',
    'VideoPrediction', 'VideoPredictor', 'WindowPrediction', 'label_names',
    'probe_video', 'read_labels', 'top_k', 'class_colour',
    'write_annotated_video', 'extract_features', 'named_layer',
    'save_features_atomically', 'build_eval_loader', 'load_model',
    'load_trained', 'analyze_run', 'latest_scalars', 'ExtractionReport',
    'extract_video_features', 'read_records', 'videos_in_folder',
    'videos_in_list'
]
