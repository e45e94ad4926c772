"""Late fusion of class scores from several streams (two-stream, TSN).

Simonyan & Zisserman (2014, Sec. 6) fuse the softmax scores of the spatial
and temporal nets by averaging, or with a multi-class linear SVM trained on
the stacked L2-normalised softmax scores (their best). TSN (Wang et al.
2016) averages with weights RGB : flow = 1 : 1.5.

The SVM's multi-class formulation is recalled as Crammer & Singer's joint
multi-class SVM, not checked against the paper text
(docs/papers.md §3). Both are offered (``multi_class``): 'ovr'
(scikit-learn's default, one-vs-rest squared-hinge machines) stays the
default, as the measured MotionDigits fusion results were obtained with
it; 'crammer_singer' is the joint formulation.
"""
from typing import List, Optional, Sequence, Tuple

import numpy as np

from ..utils import check_choice
from .results import load_dumped_predictions


def load_stream_scores(dumps: Sequence[str]
                       ) -> Tuple[List[np.ndarray], np.ndarray]:
    """Scores of each dump and their common labels.

    Raises:
        ValueError: the dumps do not hold the same samples in the same order.
    """
    if not dumps:
        raise ValueError('expected at least one dump file')
    scores, reference = [], None
    for path in dumps:
        stream_scores, labels = load_dumped_predictions(path)
        if reference is None:
            reference = (path, labels)
        elif not np.array_equal(labels, reference[1]):
            raise ValueError(
                f'{path} and {reference[0]} hold different samples or orders '
                f'({len(labels)} vs {len(reference[1])} labels); dump every '
                'stream from the same split and annotation order')
        scores.append(stream_scores)
    return scores, reference[1]


def average_fusion(scores: Sequence[np.ndarray],
                   weights: Optional[Sequence[float]] = None) -> np.ndarray:
    """Weighted average of per-stream scores (N, C)."""
    weights = [1.0] * len(scores) if weights is None else list(weights)
    if len(weights) != len(scores):
        raise ValueError(f'{len(weights)} weights for {len(scores)} streams;'
                         ' expected one weight per stream')
    total = sum(w * s for w, s in zip(weights, scores))
    return total / sum(weights)


def stack_normalised(scores: Sequence[np.ndarray]) -> np.ndarray:
    """Concatenate the L2-normalised score vectors of every stream."""
    parts = [s / np.maximum(np.linalg.norm(s, axis=1, keepdims=True), 1e-12)
             for s in scores]
    return np.concatenate(parts, axis=1)


SVM_MULTI_CLASS = ('ovr', 'crammer_singer')


def svm_fusion(train_scores: Sequence[np.ndarray], train_labels: np.ndarray,
               test_scores: Sequence[np.ndarray], c: float = 1.0,
               multi_class: str = 'ovr') -> np.ndarray:
    """Linear SVM on stacked L2-normalised scores; returns test decision
    values (N, C) whose argmax is the fused prediction.

    Args:
        train_scores: Per-stream (N_train, C) scores of the training split.
        train_labels: (N_train, ) labels.
        test_scores: Per-stream (N, C) scores to fuse, same stream order.
        c: The SVM's C.
        multi_class: 'ovr' (one-vs-rest, default) or 'crammer_singer'
            (Crammer & Singer's joint multi-class SVM), scikit-learn
            ``LinearSVC(multi_class=...)``. Fitting is seeded
            (``random_state=0``), so a fusion is reproducible.

    Raises:
        ValueError: unequal stream counts or an unknown ``multi_class``.
    """
    from sklearn.svm import LinearSVC
    if len(train_scores) != len(test_scores):
        raise ValueError(f'{len(train_scores)} training streams but '
                         f'{len(test_scores)} test streams')
    check_choice('svm_fusion', 'multi_class', multi_class, SVM_MULTI_CLASS)
    svm = LinearSVC(C=c, multi_class=multi_class, random_state=0)
    svm.fit(stack_normalised(train_scores), train_labels)
    decision = svm.decision_function(stack_normalised(test_scores))
    num_classes = test_scores[0].shape[1]
    full = np.full((decision.shape[0], num_classes), -np.inf)
    full[:, svm.classes_] = decision.reshape(len(decision), -1) \
        if len(svm.classes_) > 2 else np.stack([-decision, decision], 1)
    return full
