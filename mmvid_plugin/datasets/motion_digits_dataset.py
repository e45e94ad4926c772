"""The registered MotionDigits dataset: an MMAction2 ``VideoDataset`` that
generates its files on first use."""
import os.path as osp
from typing import Optional

from mmaction.datasets import VideoDataset
from mmaction.registry import DATASETS

from ..utils import check_choice
from .motion_digits import (CLASSES, SPLITS, MotionDigitsSpec,
                            ensure_motion_digits)


@DATASETS.register_module()
class MotionDigitsDataset(VideoDataset):
    """MotionDigits clips read as mp4 videos (see :mod:`.motion_digits`).

    Args:
        split: One of ``'train'``, ``'val'``, ``'test'``.
        data_root: Folder of the dataset; generated there if missing.
        spec: Keyword arguments of :class:`MotionDigitsSpec`; the defaults
            give the documented default size.
        pipeline: MMAction2 transforms. Do not flip horizontally: it swaps
            ``left`` and ``right``.
        **kwargs: Passed to :class:`mmaction.datasets.VideoDataset`.
    """
    METAINFO = dict(classes=CLASSES)

    def __init__(self,
                 split: str = 'train',
                 data_root: str = 'data/motion_digits',
                 spec: Optional[dict] = None,
                 pipeline=(),
                 **kwargs):
        check_choice('MotionDigitsDataset', 'split', split, SPLITS)
        try:
            motion_digits_spec = MotionDigitsSpec(**(spec or {}))
        except TypeError as error:
            raise TypeError(f'MotionDigitsDataset: bad spec {spec}: {error}; '
                            'expected keys of MotionDigitsSpec') from error
        root = ensure_motion_digits(data_root, motion_digits_spec)
        self.split = split
        super().__init__(
            ann_file=osp.join(root, f'{split}_list_videos.txt'),
            pipeline=list(pipeline),
            data_prefix=dict(video=osp.join(root, 'videos')),
            **kwargs)
