"""Backbones."""
from .cnn_m import CNNM2048
from .deepvideo import (DeepVideoEarlyFusion, DeepVideoLateFusion,
                        DeepVideoMultiresolution, DeepVideoSingleFrame,
                        DeepVideoSlowFusion)
from .framewise import FramewiseBackbone
from .tiny_video_convnet import TinyVideoConvNet

__all__ = [
    'CNNM2048', 'DeepVideoEarlyFusion', 'DeepVideoLateFusion',
    'DeepVideoMultiresolution', 'DeepVideoSingleFrame', 'DeepVideoSlowFusion',
    'FramewiseBackbone', 'TinyVideoConvNet'
]
