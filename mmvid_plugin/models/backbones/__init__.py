"""Backbones."""
from .bn_inception import BNInception
from .c3d_bn import C3DBatchNorm, C3DCaffe
from .cnn_m import CNNM2048
from .deepvideo import (DeepVideoEarlyFusion, DeepVideoLateFusion,
                        DeepVideoMultiresolution, DeepVideoSingleFrame,
                        DeepVideoSlowFusion)
from .framewise import FramewiseBackbone
from .inception_i3d import InceptionI3D
from .slowfast import SlowFastResNet
from .timesformer import TimeSformerViT
from .tiny_video_convnet import TinyFrameConvNet, TinyVideoConvNet
from .vgg import VGG16Tower
from .video_resnet import VideoResNet

__all__ = [
    'BNInception', 'C3DBatchNorm', 'C3DCaffe', 'CNNM2048',
    'DeepVideoEarlyFusion', 'DeepVideoLateFusion', 'DeepVideoMultiresolution',
    'DeepVideoSingleFrame', 'DeepVideoSlowFusion', 'FramewiseBackbone',
    'InceptionI3D', 'SlowFastResNet', 'TimeSformerViT', 'TinyFrameConvNet',
    'TinyVideoConvNet', 'VGG16Tower', 'VideoResNet'
]
