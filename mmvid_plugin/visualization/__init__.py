"""Figures people would rather see than read: curves, confusion matrices."""
from .attention_maps import (nonlocal_attention, overlay_frames,
                             save_attention_figures, timesformer_attention)
from .plots import (plot_confusion_matrix, plot_run_comparison,
                    plot_training_curves)

__all__ = [
    'nonlocal_attention', 'overlay_frames', 'save_attention_figures',
    'timesformer_attention',
    'plot_confusion_matrix', 'plot_run_comparison', 'plot_training_curves'
]
