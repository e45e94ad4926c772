"""Converters of official checkpoints to this package's layouts."""
from .torchvision_video_resnet import (convert_key,
                                       convert_torchvision_video_resnet)

CONVERTERS = {'torchvision-video-resnet': convert_torchvision_video_resnet}

__all__ = ['CONVERTERS', 'convert_key', 'convert_torchvision_video_resnet']
