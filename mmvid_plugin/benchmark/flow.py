"""Optical-flow frames per second of every algorithm
(``tools/benchmark.py flow``)."""
import time

import numpy as np

from ..flow import ALGORITHMS, make_flow_fn


def moving_texture(num_frames, width, height):
    """Grey frames of a smooth random texture drifting 2 px right per frame."""
    import cv2
    rng = np.random.default_rng(0)
    base = cv2.GaussianBlur(
        rng.random((height, width + 2 * num_frames)).astype(np.float32),
        (0, 0), 3)
    base = cv2.normalize(base, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return [base[:, 2 * t:2 * t + width].copy() for t in range(num_frames)]


def benchmark_flow(size: str, frames: int, threads: int) -> dict:
    import cv2
    cv2.setNumThreads(threads)
    width, height = (int(v) for v in size.split('x'))
    clip = moving_texture(frames + 1, width, height)
    results = {}
    for algorithm in ALGORITHMS:
        flow_fn = make_flow_fn(algorithm)
        flow_fn(clip[0], clip[1])  # warm-up
        start = time.perf_counter()
        for prev, nxt in zip(clip[:-1], clip[1:]):
            flow_fn(prev, nxt)
        results[algorithm] = frames / (time.perf_counter() - start)
        print(f'{algorithm:10s} {size}: {results[algorithm]:7.2f} frames/s '
              f'({threads} OpenCV threads, {frames} frames)', flush=True)
    return results
