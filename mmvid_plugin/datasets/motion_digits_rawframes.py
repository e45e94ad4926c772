"""The registered rawframes + flow MotionDigits dataset."""
import os.path as osp
from typing import Optional

from mmaction.datasets import RawframeDataset
from mmaction.registry import DATASETS

from ..flow.layout import frame_template
from ..utils import check_choice
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
        check_choice('MotionDigitsRawframeDataset', 'split', split, SPLITS)
        check_choice('MotionDigitsRawframeDataset', 'modality', modality,
                     MODALITIES)
        root = ensure_motion_digits_flow(
            data_root, MotionDigitsSpec(**(spec or {})), flow_algorithm)
        super().__init__(
            ann_file=osp.join(root, f'{split}_list_rawframes.txt'),
            pipeline=list(pipeline),
            data_prefix=dict(img=root),
            filename_tmpl=frame_template(modality),
            modality=modality,
            **kwargs)
