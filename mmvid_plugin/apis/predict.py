"""Predict the classes of one video, as a whole and over sliding windows.

The recogniser is built with MMAction2's ``init_recognizer`` and scored
with ``inference_recognizer``; weights load through MMEngine's checkpoint
loader (safe loading, see ``mmvid_plugin.compat``) and must fit the model.
"""
import dataclasses
import os.path as osp
from typing import List, Optional, Sequence, Tuple

import numpy as np

from ..utils import ProgressLine
from .pipeline import (PredictError, config_test_pipeline, sampler_position,
                       training_frame_size, window_bounds, window_sampler,
                       with_input_resize)


@dataclasses.dataclass
class VideoInfo:
    """What the predictor read from a video file."""
    path: str
    width: int
    height: int
    fps: float
    total_frames: int

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.total_frames / self.fps


@dataclasses.dataclass
class WindowPrediction:
    """Class scores of the frames [start, end) of a video."""
    start: int
    end: int
    scores: np.ndarray

    @property
    def label(self) -> int:
        """The top-1 class."""
        return int(np.argmax(self.scores))

    @property
    def score(self) -> float:
        """The top-1 class's score."""
        return float(np.max(self.scores))


@dataclasses.dataclass
class VideoPrediction:
    """Whole-video scores and, for a video longer than one window, one
    prediction per window (``window``, ``stride`` in frames)."""
    video: VideoInfo
    scores: np.ndarray
    window: int
    stride: int
    windows: List[WindowPrediction]


def top_k(scores: np.ndarray, k: int) -> List[Tuple[int, float]]:
    """(class, score) of the ``k`` highest scores, best first."""
    order = np.argsort(-np.asarray(scores), kind='stable')[:max(k, 1)]
    return [(int(i), float(scores[i])) for i in order]


def read_labels(path: str, num_classes: Optional[int]) -> List[str]:
    """Class names, one per line of ``path`` (trailing blank lines
    ignored).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        PredictError: a blank name, or a line count other than
            ``num_classes``.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'labels file {path} does not exist: '
                                'expected one class name per line')
    with open(path, encoding='utf-8') as f:
        names = [line.strip() for line in f]
    while names and not names[-1]:
        names.pop()
    if '' in names:
        raise PredictError(f'labels file {path}: line '
                           f'{names.index("") + 1} is blank; expected one '
                           'class name per line')
    if num_classes is not None and len(names) != num_classes:
        raise PredictError(
            f'labels file {path}: {len(names)} lines, but the model has '
            f'num_classes={num_classes}; expected one class name per line')
    return names


def probe_video(path: str) -> VideoInfo:
    """Frame count, frame rate (25 when the file gives none) and size of
    a video, read with decord.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        PredictError: decord cannot decode it, or it has no frames.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'video {path} does not exist: expected a '
                                'video file such as an .mp4')
    import decord
    expected = 'expected a readable video file such as an .mp4'
    try:
        reader = decord.VideoReader(path, num_threads=1)
        total = len(reader)
        height, width = reader[0].shape[:2] if total else (0, 0)
        fps = float(reader.get_avg_fps())
    except Exception as error:  # decord raises its own error types
        reason = str(error).strip().split('\n')[0][:200]
        raise PredictError(f'video {path} cannot be decoded '
                           f'({type(error).__name__}: {reason}); '
                           f'{expected}') from None
    if total == 0:
        raise PredictError(f'video {path} has no frames; {expected}')
    if not fps > 0:
        fps = 25.0
    return VideoInfo(path, int(width), int(height), fps, total)


def seconds_to_frames(seconds: float, fps: float, name: str) -> int:
    """``seconds`` at ``fps`` as a whole number of frames (at least 1)."""
    if not seconds > 0:
        raise PredictError(f'{name} {seconds}: expected a positive number '
                           'of seconds')
    return max(int(round(seconds * fps)), 1)


class VideoPredictor:
    """A recogniser with its config's test pipeline, for single videos.

    Args:
        config: Config file; its test pipeline must read videos.
        checkpoint: Checkpoint of the config's model.
        device: Where the model runs, e.g. ``cpu`` or ``cuda:0``.
        cfg_options: Overrides merged into the config (``--cfg-options``).
    """

    def __init__(self, config: str, checkpoint: str, device: str = 'cpu',
                 cfg_options: Optional[dict] = None):
        from mmengine.config import Config
        for name, path in (('config', config), ('checkpoint', checkpoint)):
            if not osp.isfile(path):
                raise FileNotFoundError(f'{name} {path} does not exist')
        self.cfg = Config.fromfile(config)
        if cfg_options:
            self.cfg.merge_from_dict(cfg_options)
        self.pipeline = config_test_pipeline(self.cfg, config)
        self.frame_size = training_frame_size(self.cfg)
        self.model = load_recognizer(self.cfg, config, checkpoint, device)
        head = getattr(self.model, 'cls_head', None)
        self.num_classes = getattr(head, 'num_classes', None)

    def pipelines(self, info: VideoInfo):
        """(decoder init, whole-video rest, one-window rest, clip span)."""
        from mmengine.dataset import Compose
        steps = with_input_resize(self.pipeline, self.frame_size,
                                  (info.height, info.width))
        position = sampler_position(steps)
        sampler, span = window_sampler(steps[position])
        window = steps[1:position] + [sampler] + steps[position + 1:]
        return (Compose(steps[:1]), Compose(steps[1:]), Compose(window),
                span)

    def predict(self, video: str, window_seconds: Optional[float] = None,
                stride_seconds: Optional[float] = None,
                progress: bool = False) -> VideoPrediction:
        """Scores of ``video`` as a whole and per window.

        Args:
            video: The video file.
            window_seconds: Window length; defaults to the config's clip
                span at the video's frame rate.
            stride_seconds: Step between window starts; defaults to the
                window length.
            progress: Show a progress line on stderr over the windows.
        """
        info = probe_video(video)
        init, whole, per_window, span = self.pipelines(info)
        window = span if window_seconds is None else seconds_to_frames(
            window_seconds, info.fps, '--window-seconds')
        stride = window if stride_seconds is None else seconds_to_frames(
            stride_seconds, info.fps, '--stride-seconds')
        try:
            opened = init(dict(filename=video, label=-1, start_index=0,
                               modality='RGB'))
        except Exception as error:
            raise PredictError(
                f'video {video} cannot be opened by the test pipeline\'s '
                f'{self.pipeline[0]["type"]} ({error}); expected a readable '
                'video file such as an .mp4') from None
        # the decoder of the config has the last word on the frame count
        info.total_frames = opened['total_frames'] = min(
            opened['total_frames'], info.total_frames)
        scores = self.score(opened, whole)
        bounds = window_bounds(info.total_frames, window, stride)
        windows = []
        if info.total_frames > window:
            line = ProgressLine(len(bounds), 'windows') if progress else None
            for start, end in bounds:
                part = dict(opened, start_index=opened['start_index'] +
                            start, total_frames=end - start)
                windows.append(WindowPrediction(
                    start, end, self.score(part, per_window)))
                if line is not None:
                    line.update()
        return VideoPrediction(info, scores, window, stride, windows)

    def score(self, results: dict, pipeline) -> np.ndarray:
        """Class scores of one pipeline input (a copy is transformed)."""
        from mmaction.apis import inference_recognizer
        sample = inference_recognizer(self.model, dict(results), pipeline)
        return sample.pred_score.detach().float().cpu().numpy()


def load_recognizer(cfg, config: str, checkpoint: str, device: str):
    """``init_recognizer`` of ``cfg`` with ``checkpoint``'s weights, which
    must fit the model (a checkpoint of another model raises)."""
    from mmaction.apis import init_recognizer
    from mmengine.runner.checkpoint import _load_checkpoint, load_state_dict

    from ..utils import check_checkpoint_matches, without_ddp_prefix
    model = init_recognizer(cfg, None, device='cpu')
    loaded = _load_checkpoint(checkpoint, map_location='cpu',
                              logger='current')
    state = without_ddp_prefix(loaded.get('state_dict', loaded))
    check_checkpoint_matches(state, model.state_dict(), checkpoint,
                             f'a checkpoint of the model of {config}')
    load_state_dict(model, state)
    return model.to(device).eval()


def label_names(labels: Optional[Sequence[str]],
                num_classes: int) -> List[str]:
    """``labels``, or the class indices as text."""
    return list(labels) if labels else [str(i) for i in range(num_classes)]
