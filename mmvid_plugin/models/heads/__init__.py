"""Heads."""
from .lstm_aggregation import LSTMAggregationHead
from .segment_consensus_head import SegmentConsensusHead

__all__ = ['LSTMAggregationHead', 'SegmentConsensusHead']
