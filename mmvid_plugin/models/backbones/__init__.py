"""Backbones."""
from .tiny_video_convnet import TinyVideoConvNet

__all__ = ['TinyVideoConvNet']
