"""A finished run in numbers and figures: the summary of its dumped test
predictions, its confusion matrix and training curves as PNGs
(``tools/analyze_results.py``, ``tools/demo.py``)."""
import glob
import os.path as osp

from ..evaluation.results import (classification_summary, confusion_matrix,
                                  load_dumped_predictions)
from ..visualization.plots import plot_confusion_matrix, plot_training_curves


def latest_scalars(work_dir: str):
    """The newest ``<timestamp>/vis_data/scalars.json`` holding training."""
    for path in sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                          'scalars.json')), reverse=True):
        with open(path) as f:
            if '"loss"' in f.read():
                return path
    return None


def analyze_run(work_dir: str, dump: str, classes=None, chance=None) -> dict:
    """Print the summary and write the figures; returns metrics and paths."""
    scores, labels = load_dumped_predictions(dump)
    summary = classification_summary(scores, labels)
    classes = classes or [str(i) for i in range(scores.shape[1])]
    matrix = confusion_matrix(labels, scores.argmax(1), scores.shape[1])
    summary['confusion_matrix_png'] = plot_confusion_matrix(
        matrix, classes, osp.join(work_dir, 'confusion_matrix.png'))
    scalars = latest_scalars(work_dir)
    if scalars is not None:
        summary['training_curves_png'] = plot_training_curves(
            scalars, osp.join(work_dir, 'training_curves.png'), chance=chance)
    return summary
