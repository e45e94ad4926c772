"""Predict the classes of one video, as a whole and over time.

    python tools/predict.py VIDEO CONFIG CHECKPOINT [--labels FILE] \
        [--top-k 5] [--out OUT.gif|OUT.mp4] [--window-seconds S] \
        [--stride-seconds S] [--device cpu]

Prints the top-k classes of the whole video (sampled by the config's test
pipeline, as MMAction2's ``inference_recognizer`` does) and, for a video
longer than one window, the top-1 class of every window (default: the
config's clip span, stride = window; one clip per window). A pipeline
without a resize of its own gets one to the dataset's frame size when
that is known (MotionDigits: 64 px). ``--out`` draws the window
predictions and a timeline onto a 320 px wide copy of the video. Logs go
to stderr, the report to stdout.
"""
import argparse
import logging
import os.path as osp
import sys

import mmvid_plugin  # noqa: F401  (compat fixes + registration)

from mmvid_plugin.resources import find_config
from mmvid_plugin.apis import (PredictError, VideoPredictor,
                               label_names, probe_video, read_labels, top_k,
                               write_annotated_video)
from mmvid_plugin.utils import CheckpointMismatchError


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('video', help='video file (e.g. .mp4)')
    parser.add_argument('config', help='config whose test pipeline reads '
                        'videos')
    parser.add_argument('checkpoint', help="checkpoint of the config's model")
    parser.add_argument('--labels', help='class names, one per line')
    parser.add_argument('--top-k', type=int, default=5)
    parser.add_argument('--out', help='write a .gif or .mp4 with the '
                        'predictions drawn on it')
    parser.add_argument('--out-fps', type=float,
                        help='frame rate of --out (default: 10 for a GIF, '
                        "the video's for an MP4)")
    parser.add_argument('--window-seconds', type=float,
                        help="window length (default: the config's clip)")
    parser.add_argument('--stride-seconds', type=float,
                        help='step between windows (default: the window)')
    parser.add_argument('--device', default='cpu')
    return parser.parse_args(argv)


def print_report(prediction, names, k):
    info = prediction.video
    print(f'video: {info.path} ({info.width}x{info.height}, '
          f'{info.fps:.2f} fps, {info.total_frames} frames, '
          f'{info.duration:.2f} s)')
    best = top_k(prediction.scores, k)
    width = max(len(names[i]) for i, _ in best)
    print(f'whole video, top-{len(best)}:')
    for rank, (index, score) in enumerate(best, 1):
        print(f'  {rank}. {names[index]:<{width}}  {score:.4f}')
    if not prediction.windows:
        print(f'no windows: the video is not longer than one window '
              f'({prediction.window / info.fps:.2f} s)')
        return
    print(f'windows: {len(prediction.windows)} of '
          f'{prediction.window / info.fps:.2f} s, stride '
          f'{prediction.stride / info.fps:.2f} s')
    width = max(len(names[w.label]) for w in prediction.windows)
    print(f'  start_s    end_s  {"top-1":<{width}}  score')
    for window in prediction.windows:
        print(f'{window.start / info.fps:8.2f} {window.end / info.fps:8.2f}'
              f'  {names[window.label]:<{width}}  {window.score:.4f}')


def segments_of(prediction, names):
    """(start, end, class, text) per window, or the whole video's."""
    windows = prediction.windows
    if not windows:
        label = int(prediction.scores.argmax())
        score = float(prediction.scores[label])
        return [(0, prediction.video.total_frames, label,
                 f'{names[label]} {score:.2f}')]
    return [(w.start, w.end, w.label, f'{names[w.label]} {w.score:.2f}')
            for w in windows]


def logs_to_stderr():
    """Keep stdout for the report: MMEngine logs to stdout by default."""
    from mmengine.logging import MMLogger
    for handler in MMLogger.get_current_instance().handlers:
        if isinstance(handler, logging.StreamHandler) and \
                getattr(handler, 'stream', None) is sys.stdout:
            handler.setStream(sys.stderr)


def run(argv=None):
    """The tool's work; errors propagate (``main`` turns the expected
    ones into a one-line message)."""
    args = parse_args(argv)
    args.config = find_config(args.config)
    info = probe_video(args.video)
    if args.labels and not osp.isfile(args.labels):
        raise FileNotFoundError(f'labels file {args.labels} does not exist: '
                                'expected one class name per line')
    if args.out and not args.out.lower().endswith(('.gif', '.mp4')):
        raise PredictError(f'--out {args.out}: expected a .gif or .mp4 file')
    predictor = VideoPredictor(args.config, args.checkpoint, args.device)
    labels = read_labels(args.labels, predictor.num_classes) \
        if args.labels else None
    prediction = predictor.predict(args.video, args.window_seconds,
                                   args.stride_seconds, progress=True)
    if labels is not None and len(labels) != len(prediction.scores):
        raise PredictError(f'labels file {args.labels}: {len(labels)} '
                           f'lines, but the model scores '
                           f'{len(prediction.scores)} classes')
    names = label_names(labels, len(prediction.scores))
    print_report(prediction, names, args.top_k)
    written = None
    if args.out:
        written = write_annotated_video(
            args.out, args.video, info.fps, info.total_frames,
            (info.height, info.width), segments_of(prediction, names),
            args.out_fps, progress=True)
        width, height = written['size']
        print(f"wrote {written['path']} ({written['frames']} frames, "
              f"{width}x{height}, {written['fps']:.2f} fps)")
    return dict(prediction=prediction, names=names, out=written)


def main(argv=None):
    logs_to_stderr()
    try:
        return run(argv)
    except (PredictError, FileNotFoundError,
            CheckpointMismatchError) as error:
        sys.exit(f'predict.py: error: {error}')


if __name__ == '__main__':
    main()
