"""Backbones."""
from .cnn_m import CNNM2048
from .tiny_video_convnet import TinyVideoConvNet

__all__ = ['CNNM2048', 'TinyVideoConvNet']
