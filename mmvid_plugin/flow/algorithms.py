"""Dense optical flow between two frames, and its uint8 quantisation.

Quantisation follows denseflow (used for MMAction2's rawframes and the TSN
release): clip each component to ``[-bound, bound]`` (default 20 px), map it
linearly to [0, 255] and store it as a JPEG per component.
"""
from typing import List, Sequence, Tuple

import numpy as np

from .layout import FLOW_BOUND

ALGORITHMS = ('tvl1', 'farneback', 'tvl1-torch')


def make_flow_fn(algorithm: str, device: str = 'cpu'):
    """A function ``(prev_gray, next_gray) -> flow (H, W, 2) float32``.

    Args:
        algorithm: ``'tvl1'`` (OpenCV contrib ``cv2.optflow`` Dual TV-L1,
            the flow of TSN, I3D and Feichtenhofer et al.'s fusion release;
            Simonyan & Zisserman's two-stream nets used Brox et al.'s
            flow, OpenCV's GPU implementation), ``'farneback'`` (OpenCV
            core, about 35x faster on CPU) or ``'tvl1-torch'`` (the same
            Dual TV-L1 in PyTorch, :func:`~.tvl1_torch.tvl1_flow`).
        device: Torch device of ``'tvl1-torch'``; ignored by the others.
    """
    if algorithm == 'tvl1-torch':
        batch_fn = make_batch_flow_fn(algorithm, device)
        return lambda prev, nxt: batch_fn([prev], [nxt])[0]
    import cv2
    if algorithm == 'tvl1':
        if not hasattr(cv2, 'optflow'):
            raise ImportError('TV-L1 needs opencv-contrib-python '
                              '(cv2.optflow); the installed cv2 is '
                              "opencv-python (or use 'tvl1-torch')")
        tvl1 = cv2.optflow.DualTVL1OpticalFlow_create()
        return lambda prev, nxt: tvl1.calc(prev, nxt, None)
    if algorithm == 'farneback':
        return lambda prev, nxt: cv2.calcOpticalFlowFarneback(
            prev, nxt, None, pyr_scale=0.5, levels=3, winsize=15,
            iterations=3, poly_n=5, poly_sigma=1.2, flags=0)
    raise ValueError(f'flow algorithm {algorithm!r}: expected one of '
                     f'{ALGORITHMS}')


def make_batch_flow_fn(algorithm: str, device: str = 'cpu'):
    """A function ``(prevs, nexts) -> flows`` over lists of grey frames.

    ``'tvl1-torch'`` computes the pairs in one batched call on ``device``;
    the OpenCV algorithms take them one by one.
    """
    if algorithm != 'tvl1-torch':
        flow_fn = make_flow_fn(algorithm)
        return lambda prevs, nexts: [flow_fn(p, n)
                                     for p, n in zip(prevs, nexts)]
    import torch

    from .tvl1_torch import tvl1_flow
    torch_device = torch.device(device)

    def batch_fn(prevs: Sequence[np.ndarray],
                 nexts: Sequence[np.ndarray]) -> List[np.ndarray]:
        prev = torch.from_numpy(np.stack(prevs)).to(torch_device)
        nxt = torch.from_numpy(np.stack(nexts)).to(torch_device)
        return list(tvl1_flow(prev, nxt).cpu().numpy())

    return batch_fn


def quantize_flow(flow: np.ndarray,
                  bound: float = FLOW_BOUND) -> Tuple[np.ndarray, np.ndarray]:
    """Map flow (H, W, 2) to two uint8 images, x and y, as denseflow does."""
    if bound <= 0:
        raise ValueError(f'flow bound {bound}: expected a positive number')
    scaled = (np.clip(flow, -bound, bound) + bound) * (255.0 / (2 * bound))
    quantized = np.round(scaled).astype(np.uint8)
    return quantized[..., 0], quantized[..., 1]


def dequantize_flow(flow_x: np.ndarray, flow_y: np.ndarray,
                    bound: float = FLOW_BOUND) -> np.ndarray:
    """Inverse of :func:`quantize_flow` up to rounding: (H, W, 2) float32."""
    stacked = np.stack([flow_x, flow_y], axis=-1).astype(np.float32)
    return stacked * (2 * bound / 255.0) - bound
