"""Evaluation helpers: late fusion of per-stream class scores."""
from .score_fusion import (average_fusion, load_stream_scores, svm_fusion,
                           stack_normalised)

__all__ = [
    'average_fusion', 'load_stream_scores', 'svm_fusion', 'stack_normalised'
]
