"""A config's test pipeline, split for whole-video and sliding-window use.

The test pipeline is cut after its video decoder init (``DecordInit``
and the like), which runs once per video; the rest runs per prediction on
a copy of the init's results. Windows restrict the sampler to a frame range
through ``start_index`` and ``total_frames``, which MMAction2's samplers
read.
"""
import copy
import math
from typing import List, Optional, Sequence, Tuple

VIDEO_INITS = ('DecordInit', 'PyAVInit', 'OpenCVInit')
SAMPLERS = ('SampleFrames', 'UniformSample', 'DenseSampleFrames')
# Transforms that bring any frame size to the model's: a pipeline without
# one expects videos at the training resolution.
RESIZERS = ('Resize', 'RandomResizedCrop', 'MultiScaleCrop',
            'RandomRescale')


class PredictError(ValueError):
    """Bad input to the predictor; the message names the file."""


def config_test_pipeline(cfg, config: str) -> List[dict]:
    """The transforms (a deep copy) the config tests with.

    ``test_dataloader.dataset.pipeline`` (what ``tools/test.py`` runs) when
    present, else the ``test_pipeline`` variable.

    Raises:
        PredictError: no test pipeline, or one that does not start with a
            video decoder init or has no frame sampler.
    """
    dataset = cfg.get('test_dataloader', {}).get('dataset', {}) or {}
    pipeline = dataset.get('pipeline') or cfg.get('test_pipeline')
    expected = (f'a list of transforms starting with a video decoder '
                f'({", ".join(VIDEO_INITS)}) and a frame sampler '
                f'({", ".join(SAMPLERS)})')
    if not pipeline or not isinstance(pipeline, (list, tuple)):
        raise PredictError(
            f'config {config}: no test pipeline (test_dataloader.dataset.'
            f'pipeline or test_pipeline); expected {expected}')
    pipeline = [copy.deepcopy(dict(t)) for t in pipeline]
    first = pipeline[0].get('type')
    if first not in VIDEO_INITS:
        raise PredictError(
            f'config {config}: the test pipeline starts with {first!r}, '
            f'which does not read video files; expected {expected}')
    if sampler_position(pipeline) is None:
        raise PredictError(
            f'config {config}: the test pipeline has no frame sampler; '
            f'expected {expected}')
    return pipeline


def sampler_position(pipeline: Sequence[dict]) -> Optional[int]:
    """Index of the first frame sampler in ``pipeline``, or None."""
    for index, transform in enumerate(pipeline):
        if transform.get('type') in SAMPLERS:
            return index
    return None


def training_frame_size(cfg) -> Optional[int]:
    """Side of the square frames the config's dataset stores, when known
    (MotionDigits), else None."""
    dataset = cfg.get('test_dataloader', {}).get('dataset', {}) or {}
    if dataset.get('type') not in ('MotionDigitsDataset',
                                   'MotionDigitsRawframeDataset'):
        return None
    from ..datasets import MotionDigitsSpec
    spec = dataset.get('spec') or {}
    return int(spec.get('frame_size', MotionDigitsSpec.frame_size))


def with_input_resize(pipeline: List[dict], size: Optional[int],
                      frame_shape: Tuple[int, int]) -> List[dict]:
    """``pipeline`` with a square ``Resize`` to ``size`` after the decoder
    when the pipeline has no resizing transform of its own and the video's
    (height, width) differs; unchanged otherwise."""
    types = [t.get('type') for t in pipeline]
    if size is None or any(t in RESIZERS for t in types) or \
            tuple(frame_shape) == (size, size):
        return pipeline
    decode = next((i for i, t in enumerate(types)
                   if str(t).endswith('Decode')), None)
    if decode is None:
        return pipeline
    resize = dict(type='Resize', scale=(size, size), keep_ratio=False)
    return pipeline[:decode + 1] + [resize] + pipeline[decode + 1:]


def window_sampler(sampler: dict) -> Tuple[dict, int]:
    """(sampler for one window, the config's clip span in frames).

    3D-style samplers (``clip_len`` > 1, ``UniformSample``) take one clip
    per window, spanning ``clip_len * frame_interval`` frames; segment-style
    sampling (``clip_len`` 1, TSN) keeps its ``num_clips`` segments, spread
    over ``num_clips * frame_interval`` frames.
    """
    sampler = copy.deepcopy(sampler)
    clip_len = int(sampler.get('clip_len', 1))
    interval = int(sampler.get('frame_interval', 1))
    num_clips = int(sampler.get('num_clips', 1))
    sampler['test_mode'] = True
    if sampler.get('type') == 'UniformSample':
        sampler['num_clips'] = 1
        return sampler, clip_len
    sampler['twice_sample'] = False
    if clip_len == 1 and sampler.get('type') == 'SampleFrames':
        return sampler, max(num_clips * interval, 1)
    sampler['num_clips'] = 1
    return sampler, clip_len * interval


def window_bounds(total_frames: int, window: int,
                  stride: int) -> List[Tuple[int, int]]:
    """[start, end) frame ranges of sliding windows over a video.

    Windows start every ``stride`` frames; when the last one ends before
    the video does, one more ends at the last frame, so there are
    ``ceil((total_frames - window) / stride) + 1`` windows (one, the whole
    video, when it is not longer than ``window``).
    """
    if window < 1 or stride < 1:
        raise ValueError(f'window {window} and stride {stride} frames: '
                         'expected at least one frame each')
    if total_frames <= window:
        return [(0, total_frames)]
    starts = list(range(0, total_frames - window + 1, stride))
    if starts[-1] + window < total_frames:
        starts.append(total_frames - window)
    return [(start, start + window) for start in starts]


def window_count(total_frames: int, window: int, stride: int) -> int:
    """Length of ``window_bounds(total_frames, window, stride)``."""
    if total_frames <= window:
        return 1
    return math.ceil((total_frames - window) / stride) + 1
