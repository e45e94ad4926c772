"""Figures people would rather see than read: curves, confusion matrices."""
from .attention_maps import (nonlocal_attention, overlay_frames,
                             save_attention_figures, timesformer_attention)
from .plots import plot_confusion_matrix, plot_training_curves
from .results import (classification_summary, confusion_matrix,
                      load_dumped_predictions)

__all__ = [
    'nonlocal_attention', 'overlay_frames', 'save_attention_figures',
    'timesformer_attention',
    'plot_confusion_matrix', 'plot_training_curves', 'classification_summary',
    'confusion_matrix', 'load_dumped_predictions'
]
