"""Necks: temporal feature pooling over per-frame features."""
from .snippet_pooling import (ConvPooling, LatePooling, LocalPooling,
                              SlowPooling, TimeDomainConvPooling)

__all__ = [
    'ConvPooling', 'LatePooling', 'LocalPooling', 'SlowPooling',
    'TimeDomainConvPooling'
]
