"""Evaluation: predictions dumped atomically and read back, accuracy and
confusion matrices, late fusion of per-stream class scores, whether a
recognizer uses frame order."""
from .atomic_dump import AtomicDumpResults
from .frame_order import frame_order_report, predict_both_ways
from .results import (classification_summary, confusion_matrix,
                      load_dumped_predictions)
from .score_fusion import (SVM_MULTI_CLASS, average_fusion,
                           load_stream_scores, stack_normalised, svm_fusion)

__all__ = [
    'AtomicDumpResults', 'classification_summary', 'confusion_matrix',
    'load_dumped_predictions',
    'SVM_MULTI_CLASS', 'average_fusion', 'load_stream_scores', 'svm_fusion',
    'stack_normalised',
    'frame_order_report', 'predict_both_ways'
]
