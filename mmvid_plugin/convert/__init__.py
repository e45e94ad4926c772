"""Converters of torchvision checkpoints (2D ResNets; ``r3d_18`` /
``mc3_18`` / ``r2plus1d_18``) to this package's layouts."""
from .torchvision_resnet import convert_torchvision_resnet, mmaction_resnet_key
from .torchvision_video_resnet import (convert_key,
                                       convert_torchvision_video_resnet)

CONVERTERS = {
    'torchvision-resnet': convert_torchvision_resnet,
    'torchvision-video-resnet': convert_torchvision_video_resnet
}

__all__ = [
    'CONVERTERS', 'convert_key', 'convert_torchvision_resnet',
    'convert_torchvision_video_resnet', 'mmaction_resnet_key'
]
