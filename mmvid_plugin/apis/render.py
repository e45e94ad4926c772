"""A GIF or MP4 of a video with its per-window predictions drawn on it.

Each frame shows the current window's top-1 label and score; a strip
below the frame has one segment per window, coloured by its top-1 class,
and a white cursor at the frame's time.
"""
import bisect
import colorsys
import math
import os.path as osp
from typing import Iterator, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from ..utils import ProgressLine
from ..utils.atomic import atomic_path
from .pipeline import PredictError

STRIP_HEIGHT = 16
CURSOR = (255, 255, 255)
BACKGROUND = (40, 40, 40)
GIF_FPS = 10.0
CHUNK = 32

# (start frame, end frame, class index, text drawn on the frame)
Segment = Tuple[int, int, int, str]


def class_colour(index: int) -> Tuple[int, int, int]:
    """A saturated RGB colour per class; neighbouring indices differ."""
    hue = (index * 0.618033988749895) % 1.0
    red, green, blue = colorsys.hsv_to_rgb(hue, 0.75, 0.95)
    return int(red * 255), int(green * 255), int(blue * 255)


def output_size(width: int, height: int, out_width: int) -> Tuple[int, int]:
    """(width, height) of the drawn video frame (even sides, for codecs),
    strip excluded."""
    out_width = max(2, out_width // 2 * 2)
    out_height = max(2, int(round(height * out_width / width / 2)) * 2)
    return out_width, out_height


def frame_step(fps: float, out_fps: float) -> int:
    """Keep every n-th frame to show about ``out_fps`` frames a second."""
    return max(int(round(fps / out_fps)), 1) if out_fps > 0 else 1


def cursor_x(frame: int, total_frames: int, width: int) -> int:
    """Column of the cursor at ``frame``."""
    return min(int(frame * width / total_frames), width - 1)


def timeline(segments: Sequence[Segment], total_frames: int,
             width: int) -> np.ndarray:
    """The strip (STRIP_HEIGHT, width, 3) without cursor; later segments
    cover earlier ones where windows overlap."""
    strip = np.empty((STRIP_HEIGHT, width, 3), np.uint8)
    strip[:] = BACKGROUND
    for start, end, label, _ in segments:
        left = int(start * width / total_frames)
        right = max(int(math.ceil(end * width / total_frames)), left + 1)
        strip[2:, left:right] = class_colour(label)
    return strip


def draw_label(image: np.ndarray, text: str) -> None:
    """``text`` in white on a black box at the top left, in place."""
    font, scale, thick = cv2.FONT_HERSHEY_SIMPLEX, 0.45, 1
    room = image.shape[1] - 8
    while text and cv2.getTextSize(text, font, scale, thick)[0][0] > room:
        text = text[:-4] + '...' if len(text) > 4 else ''
    (w, h), base = cv2.getTextSize(text, font, scale, thick)
    cv2.rectangle(image, (0, 0), (w + 8, h + base + 8), (0, 0, 0), -1)
    cv2.putText(image, text, (4, h + 4), font, scale, (255, 255, 255),
                thick, cv2.LINE_AA)


def current_segment(starts: List[int], frame: int) -> int:
    """Index of the latest segment starting at or before ``frame``."""
    return max(bisect.bisect_right(starts, frame) - 1, 0)


def annotated_frames(video: str, segments: Sequence[Segment],
                     total_frames: int, indices: Sequence[int],
                     size: Tuple[int, int]) -> Iterator[np.ndarray]:
    """RGB frames (height + STRIP_HEIGHT, width, 3) at ``indices``."""
    import decord
    width, height = size
    reader = decord.VideoReader(video, width=width, height=height,
                                num_threads=1)
    strip = timeline(segments, total_frames, width)
    starts = [segment[0] for segment in segments]
    for first in range(0, len(indices), CHUNK):
        chunk = list(indices[first:first + CHUNK])
        for index, frame in zip(chunk, reader.get_batch(chunk).asnumpy()):
            image = np.concatenate([frame[:height, :width], strip.copy()])
            draw_label(image, segments[current_segment(starts, index)][3])
            x = cursor_x(index, total_frames, width)
            image[height:, max(x - 1, 0):x + 1] = CURSOR
            yield np.ascontiguousarray(image)


def write_gif(frames: Iterator[np.ndarray], path: str, fps: float) -> int:
    """Write RGB ``frames`` as a looping GIF; returns the frame count."""
    from PIL import Image
    images = [Image.fromarray(f).convert('P', palette=Image.ADAPTIVE)
              for f in frames]
    images[0].save(path, format='GIF', save_all=True,
                   append_images=images[1:], duration=int(1000 / fps),
                   loop=0)
    return len(images)


def write_mp4(frames: Iterator[np.ndarray], path: str, fps: float,
              size: Tuple[int, int]) -> int:
    """Write RGB ``frames`` of ``size`` (width, height) as an MPEG-4
    video; returns the frame count."""
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), fps,
                             size)
    if not writer.isOpened():
        raise PredictError(f'--out {path}: OpenCV cannot write MPEG-4 '
                           '(mp4v) here')
    count = 0
    try:
        for frame in frames:
            writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
            count += 1
    finally:
        writer.release()
    return count


def write_annotated_video(out: str, video: str, fps: float,
                          total_frames: int, frame_shape: Tuple[int, int],
                          segments: Sequence[Segment],
                          out_fps: Optional[float] = None,
                          width: int = 320, progress: bool = False) -> dict:
    """Write ``out`` (.gif or .mp4) with the predictions drawn on it.

    Args:
        out: Output file; written atomically.
        video: The source video.
        fps: Its frame rate.
        total_frames: Its frame count.
        frame_shape: Its (height, width).
        segments: (start, end, class, text) per window, by start.
        out_fps: Output frame rate (frames are skipped to reach it);
            default: 10 for a GIF, ``fps`` for an MP4.
        width: Output width in pixels.
        progress: Show a progress line on stderr over the frames.

    Returns:
        ``path``, ``frames`` (count), ``fps`` and ``size`` (width, height
        with the strip) of what was written.
    """
    kind = osp.splitext(out)[1].lower()
    if kind not in ('.gif', '.mp4'):
        raise PredictError(f'--out {out}: expected a .gif or .mp4 file')
    if out_fps is None:
        out_fps = min(fps, GIF_FPS) if kind == '.gif' else fps
    step = frame_step(fps, out_fps)
    indices = list(range(0, total_frames, step))
    size = output_size(frame_shape[1], frame_shape[0], width)
    frames = annotated_frames(video, segments, total_frames, indices, size)
    if progress:
        frames = counted(frames, ProgressLine(len(indices), 'frames'))
    shown_fps = fps / step
    with atomic_path(out, suffix=osp.splitext(out)[1]) as temp:
        if kind == '.gif':
            count = write_gif(frames, temp, shown_fps)
        else:
            count = write_mp4(frames, temp, shown_fps,
                              (size[0], size[1] + STRIP_HEIGHT))
    return dict(path=out, frames=count, fps=shown_fps,
                size=(size[0], size[1] + STRIP_HEIGHT))


def counted(frames: Iterator[np.ndarray],
            line: ProgressLine) -> Iterator[np.ndarray]:
    """``frames``, updating ``line`` after each."""
    for frame in frames:
        yield frame
        line.update()
