"""The model zoo: every config's metafile entry (parameters, FLOPs, input,
normalisation, the paper's and our accuracies, where converted weights
come from), and the models built from local weight files.

    >>> from mmvid_plugin import zoo
    >>> [e.name for e in zoo.list_models('r3d_r18*')]
    >>> model = zoo.build('r3d_r18_torchvision-converted_16x1x5_'
    ...                   'kinetics400-rgb', checkpoint='r3d_18.pth')
"""
from .building import build
from .index import UnknownModelError, ZooEntry, get_entry, list_models

__all__ = ['UnknownModelError', 'ZooEntry', 'build', 'get_entry',
           'list_models']
