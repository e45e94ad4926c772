"""Heads."""
from .i3d_logits import I3DLogitsHead
from .linear_head import LinearHead
from .lstm_aggregation import LSTMAggregationHead
from .segment_consensus_head import SegmentConsensusHead
from .window_pool import WindowPoolHead

__all__ = [
    'I3DLogitsHead', 'LinearHead', 'LSTMAggregationHead',
    'SegmentConsensusHead', 'WindowPoolHead'
]
