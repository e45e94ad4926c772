"""The input of one test view of a config, made by running its own test
pipeline on synthetic media (a short video or rawframes folder of random
pixels), so every transform of the config shapes it as on real data."""
import os
import os.path as osp
import tempfile
from typing import Dict, Optional, Union

import numpy as np
import torch

from ..flow.layout import RGB_TEMPLATE, flow_name, frame_template, rgb_name

#: (frames, height, width) of the synthetic media per dataset family.
MOTION_DIGITS_MEDIA = (16, 64, 64)
PAPER_MEDIA = (64, 256, 340)
MOTION_DIGITS = ('MotionDigitsDataset', 'MotionDigitsRawframeDataset')
VIDEO_READERS = ('DecordInit', 'PyAVInit', 'OpenCVInit')
SAMPLERS = ('SampleFrames', 'UniformSample', 'SampleAlignedRGBFlow',
            'DenseSampleFrames')
CROPS = {'ThreeCrop': 3, 'TenCrop': 10, 'FlowAwareTenCrop': 10}

Inputs = Union[torch.Tensor, Dict[str, torch.Tensor]]


def dataset_with_pipeline(cfg) -> dict:
    """The dataset config that holds the test pipeline (unwrapped from
    ``RepeatDataset`` and the like)."""
    dataset = cfg.test_dataloader.dataset
    while 'pipeline' not in dataset and 'dataset' in dataset:
        dataset = dataset.dataset
    return dataset


class SyntheticMedia:
    """Random-pixel videos and rawframes folders, written once per size
    into a temporary folder (removed by :meth:`close`)."""

    def __init__(self, root: Optional[str] = None):
        self._tmp = None if root else tempfile.TemporaryDirectory()
        self.root = root or self._tmp.name
        self._made: Dict[tuple, str] = {}

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _frames(self, size: tuple, channels: int) -> np.ndarray:
        rng = np.random.default_rng(0)
        frames, height, width = size
        return rng.integers(0, 256, (frames, height, width, channels),
                            dtype=np.uint8)

    def video(self, size: tuple) -> str:
        key = ('video',) + size
        if key not in self._made:
            from ..datasets.motion_digits import write_mp4
            path = osp.join(self.root, 'video_{}x{}x{}.mp4'.format(*size))
            write_mp4(self._frames(size, 3), path, fps=25)
            self._made[key] = path
        return self._made[key]

    def rawframes(self, size: tuple) -> str:
        """A folder with ``img_%05d.jpg`` and ``flow_{x,y}_%05d.jpg`` from
        index 1 (MMAction2's and denseflow's names)."""
        import cv2
        key = ('rawframes',) + size
        if key not in self._made:
            folder = osp.join(self.root, 'frames_{}x{}x{}'.format(*size))
            os.makedirs(folder)
            rgb, flow = self._frames(size, 3), self._frames(size, 2)
            for index in range(size[0]):
                cv2.imwrite(osp.join(folder, rgb_name(index + 1)),
                            rgb[index])
                for axis, name in enumerate('xy'):
                    cv2.imwrite(osp.join(folder, flow_name(name, index + 1)),
                                flow[index, ..., axis])
            self._made[key] = folder
        return self._made[key]


def first_sample(cfg, media: SyntheticMedia) -> dict:
    """The test pipeline's output for one synthetic clip."""
    from mmengine.dataset import Compose
    from mmengine.registry import init_default_scope
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    dataset = dataset_with_pipeline(cfg)
    pipeline = list(dataset.pipeline)
    size = MOTION_DIGITS_MEDIA if dataset.type in MOTION_DIGITS \
        else PAPER_MEDIA
    modality = dataset.get('modality', 'RGB')
    results = dict(label=0, modality=modality)
    if any(t['type'] in VIDEO_READERS for t in pipeline):
        results.update(filename=media.video(size), start_index=0)
    else:
        template = dataset.get('filename_tmpl', RGB_TEMPLATE)
        if dataset.type in MOTION_DIGITS:
            template = frame_template(modality)
        results.update(frame_dir=media.rawframes(size),
                       total_frames=size[0], start_index=1, offset=0,
                       filename_tmpl=template)
    return Compose(pipeline)(results)


def first_view(sample: dict) -> dict:
    """``sample`` with its packed inputs cut to the first view (index 0:
    the data preprocessor stacks samples in front of it)."""
    inputs = sample['inputs']
    if isinstance(inputs, dict):
        inputs = {k: v[:1] for k, v in inputs.items()}
    else:
        inputs = inputs[:1]
    return dict(sample, inputs=inputs)


def views_of(sample: dict) -> int:
    """Test views per video of a packed sample (clips x crops; for 2D
    models every frame or stack)."""
    inputs = sample['inputs']
    first = next(iter(inputs.values())) if isinstance(inputs, dict) \
        else inputs
    return int(first.shape[0])


def preprocessed_inputs(preprocessor, sample: dict) -> Inputs:
    """The data preprocessor's test-mode inputs for the first view of one
    sample: (1, 1, ...) tensors, a dict of them for multi-modal models."""
    from mmengine.dataset import pseudo_collate
    data = preprocessor(pseudo_collate([first_view(sample)]),
                        training=False)
    return data['inputs']


def view_shapes(inputs: Inputs) -> Union[str, Dict[str, str]]:
    """'CxTxHxW' (or 'CxHxW') of one view, per stream for dicts."""
    def text(tensor):
        return 'x'.join(str(d) for d in tensor.shape[2:])
    if isinstance(inputs, dict):
        return {k: text(v) for k, v in inputs.items()}
    return text(inputs)


def sampling(cfg) -> dict:
    """Frames, interval, clips and crops of the test pipeline (config
    values, not measured)."""
    pipeline = dataset_with_pipeline(cfg).pipeline
    out = dict(crops=1)
    for transform in pipeline:
        kind = transform['type']
        if kind == 'SampleFrames' or kind == 'DenseSampleFrames':
            out.update(frames=transform.get('clip_len', 1),
                       interval=transform.get('frame_interval', 1),
                       clips=transform.get('num_clips', 1))
        elif kind == 'UniformSample':
            # 'u8x1x1': 8 frames spread uniformly over the video
            out.update(frames=f"u{transform.get('clip_len', 1)}",
                       interval=1, clips=transform.get('num_clips', 1))
        elif kind == 'SampleAlignedRGBFlow':
            low, high = transform.get('stride_range', (1, 1))
            # test mode: the middle stride of the range
            out.update(frames=transform.get('num_frames', 1),
                       interval=(low + high) // 2,
                       clips=transform.get('num_clips', 1),
                       flow_stack=transform.get('flow_length', 1))
        elif kind in CROPS:
            out['crops'] = CROPS[kind]
    return out
