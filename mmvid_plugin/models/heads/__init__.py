"""Heads."""
from .segment_consensus_head import SegmentConsensusHead

__all__ = ['SegmentConsensusHead']
