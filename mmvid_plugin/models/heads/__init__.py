"""Heads."""
from .i3d_logits import I3DLogitsHead
from .lstm_aggregation import LSTMAggregationHead
from .segment_consensus_head import SegmentConsensusHead

__all__ = ['I3DLogitsHead', 'LSTMAggregationHead', 'SegmentConsensusHead']
