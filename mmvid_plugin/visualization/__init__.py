"""Figures people would rather see than read: curves, confusion matrices."""
from .plots import plot_confusion_matrix, plot_training_curves
from .results import (classification_summary, confusion_matrix,
                      load_dumped_predictions)

__all__ = [
    'plot_confusion_matrix', 'plot_training_curves', 'classification_summary',
    'confusion_matrix', 'load_dumped_predictions'
]
