"""Read ``tools/test.py --dump`` files and summarise classification results."""
import pickle
from typing import Dict, Tuple

import numpy as np


def load_dumped_predictions(path: str) -> Tuple[np.ndarray, np.ndarray]:
    """Scores (N, C) and labels (N,) from a ``DumpResults`` pickle.

    The file is one that ``tools/test.py --dump`` wrote; only load dumps you
    produced yourself (pickle runs code).

    Raises:
        ValueError: the file does not hold classification predictions.
    """
    with open(path, 'rb') as f:
        samples = pickle.load(f)
    if not samples or not all('pred_score' in s and 'gt_label' in s
                              for s in samples):
        raise ValueError(f'{path}: expected a list of data samples with '
                         "'pred_score' and 'gt_label' (tools/test.py --dump)")
    scores = np.stack([np.asarray(s['pred_score'], np.float64)
                       for s in samples])
    labels = np.array([int(np.asarray(s['gt_label']).reshape(-1)[0])
                       for s in samples])
    return scores, labels


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray,
                     num_classes: int) -> np.ndarray:
    """Counts ``[true, predicted]`` of shape (C, C)."""
    matrix = np.zeros((num_classes, num_classes), np.int64)
    np.add.at(matrix, (labels, predictions), 1)
    return matrix


def classification_summary(scores: np.ndarray,
                           labels: np.ndarray) -> Dict[str, float]:
    """Top-1, top-5 and mean class accuracy."""
    predictions = scores.argmax(1)
    top5 = np.argsort(-scores, 1)[:, :5]
    matrix = confusion_matrix(labels, predictions, scores.shape[1])
    present = matrix.sum(1) > 0
    per_class = np.diag(matrix)[present] / matrix.sum(1)[present]
    return dict(
        top1=float((predictions == labels).mean()),
        top5=float((top5 == labels[:, None]).any(1).mean()),
        mean_class_accuracy=float(per_class.mean()))
