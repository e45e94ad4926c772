"""The registered rawframes + flow MotionDigits dataset."""
import os.path as osp
from typing import Optional

from mmaction.datasets import RawframeDataset
from mmaction.registry import DATASETS

from .motion_digits import CLASSES, SPLITS, MotionDigitsSpec
from .motion_digits_flow import ensure_motion_digits_flow

MODALITIES = ('RGB', 'Flow', 'RGB+Flow')


@DATASETS.register_module()
class MotionDigitsRawframeDataset(RawframeDataset):
    """MotionDigits frames and optical flow, extracted on first use.

    Args:
        split: One of ``'train'``, ``'val'``, ``'test'``.
        modality: ``'RGB'`` (``img_*.jpg``), ``'Flow'``
            (``flow_{x,y}_*.jpg``) or ``'RGB+Flow'`` (both, read by
            ``AlignedRGBFlowDecode``).
        data_root: Folder of the dataset; generated there if missing.
        spec: Keyword arguments of :class:`MotionDigitsSpec`.
        flow_algorithm: ``'farneback'`` (default, fast) or ``'tvl1'``.
        pipeline: MMAction2 transforms (no horizontal flip: it swaps the
            left/right classes).
        **kwargs: Passed to :class:`mmaction.datasets.RawframeDataset`.
    """
    METAINFO = dict(classes=CLASSES)

    def __init__(self,
                 split: str = 'train',
                 modality: str = 'RGB',
                 data_root: str = 'data/motion_digits',
                 spec: Optional[dict] = None,
                 flow_algorithm: str = 'farneback',
                 pipeline=(),
                 **kwargs):
        if split not in SPLITS:
            raise ValueError(f'MotionDigitsRawframeDataset: split={split!r}; '
                             f'expected one of {SPLITS}')
        if modality not in MODALITIES:
            raise ValueError(f'MotionDigitsRawframeDataset: modality='
                             f'{modality!r}; expected one of {MODALITIES}')
        root = ensure_motion_digits_flow(
            data_root, MotionDigitsSpec(**(spec or {})), flow_algorithm)
        template = 'img_{:05}.jpg' if modality == 'RGB' \
            else 'flow_{}_{:05d}.jpg'
        super().__init__(
            ann_file=osp.join(root, f'{split}_list_rawframes.txt'),
            pipeline=list(pipeline),
            data_prefix=dict(img=root),
            filename_tmpl=template,
            modality=modality,
            **kwargs)
