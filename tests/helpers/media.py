"""Small synthetic media for the flow and transform tests."""
import os
import os.path as osp

import cv2
import numpy as np

from mmvid_plugin.datasets.motion_digits import write_mp4

SHIFT = (2, -1)  # (dx, dy) px per frame


def textured_frames(num_frames=4, size=96, shift=SHIFT):
    """A smooth random texture translated by ``shift`` per frame."""
    rng = np.random.default_rng(0)
    base = cv2.GaussianBlur(rng.random((size * 2, size * 2)).astype(
        np.float32), (0, 0), 3)
    base = cv2.normalize(base, None, 0, 255, cv2.NORM_MINMAX)
    frames = []
    for t in range(num_frames):
        matrix = np.float32([[1, 0, shift[0] * t], [0, 1, shift[1] * t]])
        moved = cv2.warpAffine(base, matrix, base.shape[::-1])
        crop = moved[size // 2:size // 2 + size, size // 2:size // 2 + size]
        frames.append(crop.astype(np.uint8))
    return frames


def write_video(path, num_frames=5):
    """A grey moving-texture mp4 of ``num_frames`` 64x64 frames."""
    frames = [np.repeat(f[..., None], 3, -1)
              for f in textured_frames(num_frames, size=64)]
    os.makedirs(osp.dirname(path), exist_ok=True)
    write_mp4(np.stack(frames), str(path), fps=8)
