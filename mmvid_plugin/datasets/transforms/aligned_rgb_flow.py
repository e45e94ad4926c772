"""Aligned RGB frames and flow stacks for the fused two-stream network of
Feichtenhofer et al., CVPR 2016 (Sec. 4): T = 5 time positions spaced by a
temporal stride tau drawn from [5, 15] (official ``temporalStride = 5:15``),
an RGB frame and an L = 10 flow stack at each, one draw for both modalities.

Pipeline: ``SampleAlignedRGBFlow`` -> ``AlignedRGBFlowDecode`` -> any
spatial transforms (RGB frames and flow fields sit in one ``imgs`` list, so
every crop and resize is shared) -> ``FormatAlignedRGBFlow`` ->
``PackActionInputs(collect_keys=('rgb', 'flow'))``. The release's training
augmentation (``cnn_ucf101_get_im_flow_batch.m``, ``augmentation =
'noCtr'``): ``NoCentreScaleJitterCrop`` -> ``Resize(scale=(224, 224),
keep_ratio=False)`` -> ``AlignedRGBFlowFlip``. MMAction2's ``Flip`` must
not be used: it would not negate the x-flow.
"""
from typing import List, Sequence, Tuple

import numpy as np
from mmaction.datasets.transforms import RawFrameDecode
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform

from ...flow.layout import FLOW_TEMPLATE, RGB_TEMPLATE
from .flow_flip import FlowAwareFlip, mirror_frames


def fitting_stride(total: int, num_frames: int, flow_length: int,
                   stride: int) -> int:
    """``stride``, lowered until T stacks of L fields fit in ``total``
    (at least 1; shorter videos repeat their last fields)."""
    room = total - flow_length
    if num_frames > 1:
        stride = min(stride, max(room // (num_frames - 1), 1))
    return max(stride, 1)


@TRANSFORMS.register_module()
class SampleAlignedRGBFlow(BaseTransform):
    """One draw of positions for both modalities.

    Time position t starts its flow stack at p_t = s + t * tau (flow fields
    p_t .. p_t + L - 1) and takes the RGB frame at the stack's centre,
    p_t + L // 2. Training: tau uniform in ``stride_range`` and s uniform
    over the positions where the clip fits. Test: ``num_clips`` clips with
    the range's middle stride, starts evenly spaced. ``total_frames`` is
    the number of flow fields.

    Args:
        num_frames: T, time positions per clip (5).
        flow_length: L, flow fields per stack (10).
        stride_range: (min, max) temporal stride tau ((5, 15)).
        num_clips: Clips per video at test.
        test_mode: Deterministic test sampling.
    """

    def __init__(self, num_frames: int = 5, flow_length: int = 10,
                 stride_range: Sequence[int] = (5, 15), num_clips: int = 1,
                 test_mode: bool = False):
        low, high = stride_range
        if not 1 <= low <= high:
            raise ValueError(f'SampleAlignedRGBFlow: stride_range='
                             f'{tuple(stride_range)}; expected 1 <= min <= '
                             'max')
        self.num_frames, self.flow_length = num_frames, flow_length
        self.stride_range = (low, high)
        self.num_clips, self.test_mode = num_clips, test_mode

    def transform(self, results: dict) -> dict:
        total = results['total_frames']
        low, high = self.stride_range
        starts, strides = [], []
        for clip in range(self.num_clips):
            if self.test_mode:
                stride = fitting_stride(total, self.num_frames,
                                        self.flow_length, (low + high) // 2)
            else:
                stride = fitting_stride(total, self.num_frames,
                                        self.flow_length,
                                        int(np.random.randint(low, high + 1)))
            span = (self.num_frames - 1) * stride + self.flow_length
            room = max(total - span, 0)
            if self.test_mode:
                start = round(room * (clip + 0.5) / self.num_clips)
            else:
                start = int(np.random.randint(0, room + 1))
            starts.append(start)
            strides.append(stride)
        # 0-based first flow field of every stack: [clips * T]
        firsts = np.concatenate([
            s + tau * np.arange(self.num_frames)
            for s, tau in zip(starts, strides)
        ])
        last = total - 1
        flow = firsts[:, None] + np.arange(self.flow_length)[None]
        offset = results.get('start_index', 0)
        results['flow_inds'] = np.minimum(flow, last).reshape(-1) + offset
        rgb = np.minimum(firsts + self.flow_length // 2, last)
        results['frame_inds'] = rgb + offset
        results['temporal_strides'] = np.array(strides)
        results['clip_len'] = self.num_frames
        results['num_clips'] = self.num_clips
        results['flow_length'] = self.flow_length
        return results


@TRANSFORMS.register_module()
class AlignedRGBFlowDecode(BaseTransform):
    """Decode the RGB frames at ``frame_inds`` and the x/y flow fields at
    ``flow_inds`` from one rawframes folder (MMAction2's ``RawFrameDecode``
    for each); ``imgs`` holds the RGB frames, then the (H, W, 2) flow
    fields.

    Args:
        rgb_tmpl: RGB file names (MMAction2 / denseflow: 'img_{:05}.jpg').
        flow_tmpl: Flow file names ('flow_{}_{:05d}.jpg', x or y first).
    """

    def __init__(self, rgb_tmpl: str = RGB_TEMPLATE,
                 flow_tmpl: str = FLOW_TEMPLATE, **decode_kwargs):
        self.rgb_tmpl, self.flow_tmpl = rgb_tmpl, flow_tmpl
        self.decode = RawFrameDecode(**decode_kwargs)

    def _frames(self, results: dict, inds: np.ndarray, tmpl: str,
                modality: str) -> list:
        return self.decode.transform(
            dict(frame_dir=results['frame_dir'], filename_tmpl=tmpl,
                 frame_inds=inds, modality=modality,
                 offset=results.get('offset', 0)))['imgs']

    def transform(self, results: dict) -> dict:
        rgb = self._frames(results, results['frame_inds'], self.rgb_tmpl,
                           'RGB')
        flow = self._frames(results, results['flow_inds'], self.flow_tmpl,
                            'Flow')
        if rgb[0].shape[:2] != flow[0].shape[:2]:
            raise ValueError(
                f'AlignedRGBFlowDecode: {results["frame_dir"]} has RGB frames'
                f' of {rgb[0].shape[:2]} and flow of {flow[0].shape[:2]}; '
                'expected one size (extract flow at the frame size)')
        results['imgs'] = rgb + flow
        results['num_rgb'] = len(rgb)
        results['original_shape'] = results['img_shape'] = rgb[0].shape[:2]
        return results


@TRANSFORMS.register_module()
class FormatAlignedRGBFlow(BaseTransform):
    """Split ``imgs`` into ``rgb`` (clips, 3, T, H, W) and ``flow``
    (clips, 2L, T, H, W), flow channels x1, y1, x2, y2, ... as the
    temporal stream's stacked input."""

    def transform(self, results: dict) -> dict:
        clips, frames = results['num_clips'], results['clip_len']
        length = results['flow_length']
        imgs, num_rgb = results.pop('imgs'), results['num_rgb']
        rgb = np.stack(imgs[:num_rgb]).astype(np.float32)
        flow = np.stack(imgs[num_rgb:]).astype(np.float32)
        h, w = rgb.shape[1:3]
        # [clips * T, H, W, 3] -> [clips, 3, T, H, W]
        results['rgb'] = rgb.reshape(clips, frames, h, w, 3).transpose(
            0, 4, 1, 2, 3)
        # [clips * T * L, H, W, 2] -> [clips, L, 2, T, H, W] -> [clips, 2L..]
        flow = flow.reshape(clips, frames, length, h, w, 2)
        results['flow'] = flow.transpose(0, 2, 5, 1, 3, 4).reshape(
            clips, 2 * length, frames, h, w)
        return results


def jittered_crop_size(size: int, scale_range: Tuple[float, float],
                       height: int, width: int) -> Tuple[int, int]:
    """(h, w), each round(size * U[scale_range]) drawn on its own (the
    aspect ratio is not kept), capped at the frame."""
    low, high = scale_range
    h, w = (size * np.random.uniform(low, high, 2)).round().astype(int)
    return min(int(h), height), min(int(w), width)


@TRANSFORMS.register_module()
class NoCentreScaleJitterCrop(BaseTransform):
    """The fusion release's 'noCtr' training crop
    (``cnn_ucf101_get_im_flow_batch.m``), one draw shared by every image
    of the sample (its RGB frames and flow fields alike).

    * Size: height and width each ``round(size * U[0.75, 1.25])``, drawn
      independently (the release: "not keep aspect"), capped at the frame.
    * Offset: the fractions (fy, fx) of the free room both come from the
      20-point grid ``linspace(0, .25, 20)`` or both from
      ``linspace(.75, 1, 20)`` (the release's ``meshgrid`` pairs), so the
      crop sits near the top-left or the bottom-right corner, never at the
      centre; offset = floor(room * fraction).

    Follow it with ``Resize(scale=(size, size), keep_ratio=False)`` (the
    release resizes the crop to 224 x 224 with MATLAB's ``imresize``,
    whose default is bicubic; ``Resize`` defaults to bilinear) and
    ``AlignedRGBFlowFlip``. Flow values are not rescaled with the resize,
    as in the release.

    Args:
        size: The network's input side (224).
        scale_range: Range of the side's scale factor ((0.75, 1.25)).
        corner_ranges: The offset-fraction ranges, one per corner
            (((0, .25), (.75, 1))).
        grid_points: Points per range (20).
    """

    def __init__(self, size: int = 224,
                 scale_range: Sequence[float] = (0.75, 1.25),
                 corner_ranges: Sequence[Sequence[float]] = ((0.0, 0.25),
                                                             (0.75, 1.0)),
                 grid_points: int = 20):
        low, high = scale_range
        if not 0 < low <= high:
            raise ValueError(f'NoCentreScaleJitterCrop: scale_range='
                             f'{tuple(scale_range)}; expected 0 < min <= max')
        self.size, self.scale_range = size, (low, high)
        self.grids: List[np.ndarray] = [
            np.linspace(start, stop, grid_points)
            for start, stop in corner_ranges
        ]

    def _offset_fractions(self) -> Tuple[float, float]:
        grid = self.grids[np.random.randint(len(self.grids))]
        fy, fx = np.random.choice(grid, 2)
        return float(fy), float(fx)

    def transform(self, results: dict) -> dict:
        height, width = results['img_shape']
        h, w = jittered_crop_size(self.size, self.scale_range, height, width)
        fy, fx = self._offset_fractions()
        y, x = int((height - h) * fy), int((width - w) * fx)
        results['imgs'] = [img[y:y + h, x:x + w] for img in results['imgs']]
        results['crop_bbox'] = np.array([x, y, x + w, y + h])
        results['img_shape'] = (h, w)
        return results

    def __repr__(self):
        return (f'{self.__class__.__name__}(size={self.size}, '
                f'scale_range={self.scale_range})')


@TRANSFORMS.register_module()
class AlignedRGBFlowFlip(FlowAwareFlip):
    """``FlowAwareFlip`` for the aligned layout: one draw mirrors the
    sample's RGB frames and its flow fields together, the flow's x
    component negated (``255 - v``), as the release's flip ("invert u if
    we flip", ``cnn_ucf101_get_im_flow_batch.m``).

    Args:
        flip_ratio: Probability of flipping (the release: 0.5).
    """

    def mirrored(self, results: dict) -> list:
        imgs, num_rgb = results['imgs'], results['num_rgb']
        return (mirror_frames(imgs[:num_rgb], 'RGB') +
                mirror_frames(imgs[num_rgb:], 'Flow'))
