"""Horizontal flips that keep optical flow consistent.

Mirroring a flow field negates its x component. With denseflow's
quantisation (``v = (f + bound) * 255 / (2 * bound)``) that is
``v -> 255 - v`` on the x channel. MMAction2 1.2.0 gets this wrong for the
stacked ``(H, W, 2)`` frames that ``RawFrameDecode`` produces: ``Flip``
inverts both channels of every other frame, and ``TenCrop`` inverts none.
"""
import random
from typing import List

import numpy as np
from mmaction.datasets.transforms import TenCrop
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform


def mirror_frames(frames: List[np.ndarray], modality: str) -> List[np.ndarray]:
    """Flip frames left-right; for flow also negate x (quantised)."""
    mirrored = [np.ascontiguousarray(np.flip(f, axis=1)) for f in frames]
    if modality == 'Flow':
        for frame in mirrored:
            if frame.ndim != 3 or frame.shape[-1] != 2:
                raise ValueError('flow frames must be (H, W, 2) uint8 '
                                 f'x/y pairs, got shape {frame.shape}')
            frame[..., 0] = 255 - frame[..., 0]
    return mirrored


@TRANSFORMS.register_module()
class FlowAwareFlip(BaseTransform):
    """Random horizontal flip; negates x-flow for ``modality='Flow'``
    (TSN's ``GroupRandomHorizontalFlip(is_flow=True)``).

    Args:
        flip_ratio: Probability of flipping.
    """

    def __init__(self, flip_ratio: float = 0.5):
        if not 0 <= flip_ratio <= 1:
            raise ValueError(f'FlowAwareFlip: flip_ratio={flip_ratio}; '
                             'expected a probability in [0, 1]')
        self.flip_ratio = flip_ratio

    def mirrored(self, results: dict) -> list:
        """The sample's frames mirrored (x-flow negated for flow)."""
        return mirror_frames(results['imgs'], results.get('modality', 'RGB'))

    def transform(self, results: dict) -> dict:
        flip = random.random() < self.flip_ratio
        if flip:
            results['imgs'] = self.mirrored(results)
        results['flip'] = flip
        results['flip_direction'] = 'horizontal'
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}(flip_ratio={self.flip_ratio})'


@TRANSFORMS.register_module()
class FlowAwareTenCrop(TenCrop):
    """MMAction2's ``TenCrop`` (4 corners + centre, each also flipped) with
    the flipped flow crops' x component negated."""

    def transform(self, results: dict) -> dict:
        frames = len(results['imgs'])
        results = super().transform(results)
        if results.get('modality', 'RGB') == 'Flow':
            imgs = results['imgs']
            for start in range(frames, len(imgs), 2 * frames):
                for frame in imgs[start:start + frames]:
                    frame[..., 0] = 255 - frame[..., 0]
        return results
