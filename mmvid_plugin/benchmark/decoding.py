"""Video decoding throughput through MMAction2's loading transforms
(``tools/benchmark.py decoding``): each reader on each clip size, random
(``SampleFrames``) and uniform (``UniformSample``) sampling, through a
``DataLoader`` with 0, 1 and 2 workers.

Clips: the embedded MotionDigits (64 x 64) and a smooth random texture
drifting 2 px per frame at 340 x 256 and 1280 x 720, 64 frames each,
H.264 (``write_mp4``). Only decoding is timed: Init, sampling, Decode.
Workers are spawned, not forked (see :func:`clips_per_second`).
"""
import os.path as osp
import tempfile
import time
from typing import Dict, List

import numpy as np

from .flow import moving_texture

READERS = {'decord': ('DecordInit', 'DecordDecode'),
           'pyav': ('PyAVInit', 'PyAVDecode'),
           'opencv': ('OpenCVInit', 'OpenCVDecode')}
SAMPLERS = {
    'random': dict(type='SampleFrames', clip_len=8, frame_interval=4,
                   num_clips=1),
    'uniform': dict(type='UniformSample', clip_len=8, test_mode=True)}
SIZES = {'340x256': (256, 340), '1280x720': (720, 1280)}
FRAMES = 64


def texture_video(path: str, height: int, width: int,
                  frames: int = FRAMES) -> str:
    """The flow benchmark's drifting texture as an RGB H.264 video."""
    from ..datasets.motion_digits import write_mp4
    grey = np.stack(moving_texture(frames, width, height))
    write_mp4(np.repeat(grey[..., None], 3, -1), path, fps=25)
    return path


class _Clips:
    """``count`` loads of one video through one reader and sampler."""

    def __init__(self, path: str, reader: str, sampler: str, count: int):
        from mmengine.dataset import Compose
        from mmengine.registry import init_default_scope
        init_default_scope('mmaction')
        init, decode = READERS[reader]
        self.pipeline = Compose([dict(type=init), SAMPLERS[sampler],
                                 dict(type=decode)])
        self.path, self.count = path, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int):
        out = self.pipeline(dict(filename=self.path, start_index=0,
                                 modality='RGB', label=0))
        return np.stack(out['imgs']).shape


def clips_per_second(path: str, reader: str, sampler: str, workers: int,
                     count: int = 24) -> float:
    """Clips per second once the loader runs (its first clip untimed)."""
    from torch.utils.data import DataLoader
    # spawned workers: PyAV (used here to write the clips) deadlocks in
    # workers forked from a process that already ran it
    loader = DataLoader(_Clips(path, reader, sampler, count + 1),
                        batch_size=None, num_workers=workers,
                        multiprocessing_context='spawn' if workers else None)
    iterator = iter(loader)
    next(iterator)
    start = time.perf_counter()
    for _ in iterator:
        pass
    return count / (time.perf_counter() - start)


def benchmark_decoding(motion_digits_video: str,
                       workers: List[int] = (0, 1, 2)) -> Dict:
    """``{(size, reader, sampler, workers): clips/s}``, printed as it
    goes."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        videos = {'64x64': motion_digits_video}
        for name, (height, width) in SIZES.items():
            videos[name] = texture_video(osp.join(tmp, f'{name}.mp4'),
                                         height, width)
        for size, path in videos.items():
            for reader in READERS:
                for sampler in SAMPLERS:
                    rates = [clips_per_second(path, reader, sampler, w)
                             for w in workers]
                    for w, rate in zip(workers, rates):
                        results[size, reader, sampler, w] = rate
                    print(f'{size:9s} {reader:7s} {sampler:8s} ' + ' | '.join(
                        f'{w} workers {r:7.1f} clips/s'
                        for w, r in zip(workers, rates)), flush=True)
    return results
