"""One video to MMAction2 rawframes: ``img_%05d.jpg`` and
``flow_{x,y}_%05d.jpg``, written to a temporary folder and renamed when
complete (a folder that exists is finished)."""
import os.path as osp
from typing import Iterator, Optional, Tuple

import numpy as np

from ..utils.atomic import atomic_directory
from .algorithms import make_batch_flow_fn, quantize_flow
from .layout import FLOW_BOUND, flow_name, rgb_name


def parse_size(size: Optional[str]) -> Optional[Tuple[str, int, int]]:
    """``'340x256'`` -> ('fixed', 340, 256); ``'256'`` -> ('short', 256, 256);
    None keeps the original size."""
    if size is None:
        return None
    try:
        if 'x' in size:
            width, height = (int(v) for v in size.split('x'))
            return ('fixed', width, height)
        return ('short', int(size), int(size))
    except ValueError:
        raise ValueError(f'flow output size {size!r}: expected WIDTHxHEIGHT '
                         '(e.g. 340x256) or a short side (e.g. 256)') from None


def resize_frame(frame: np.ndarray, size) -> np.ndarray:
    import cv2
    if size is None:
        return frame
    mode, width, height = size
    if mode == 'short':
        h, w = frame.shape[:2]
        scale = width / min(h, w)
        width, height = round(w * scale), round(h * scale)
    return cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)


def read_frames(video_path: str) -> Iterator[np.ndarray]:
    """RGB frames of a video (decord), one at a time."""
    import decord
    reader = decord.VideoReader(video_path)
    if len(reader) < 2:
        raise ValueError(f'{video_path}: {len(reader)} frame(s); optical flow '
                         'needs at least 2')
    for index in range(len(reader)):
        yield reader[index].asnumpy()


def extract_video(video_path: str, out_dir: str, algorithm: str = 'tvl1',
                  bound: float = FLOW_BOUND, size: Optional[str] = None,
                  jpeg_quality: int = 95, device: str = 'cpu',
                  batch: int = 1) -> int:
    """Write rawframes and quantised flow of one video.

    Args:
        device: Torch device of ``'tvl1-torch'``.
        batch: Frame pairs per flow call (``'tvl1-torch'`` computes them in
            one batched call; the OpenCV algorithms one by one).

    Returns:
        The number of flow frames (frames - 1), also the count written to
        the annotation list so that RGB and flow indices stay aligned.
    """
    import cv2
    if batch < 1:
        raise ValueError(f'flow batch {batch}: expected a positive number')
    flow_fn = make_batch_flow_fn(algorithm, device)
    target = parse_size(size)
    params = [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality]
    with atomic_directory(out_dir, replace=True) as tmp:
        count = 0

        def write_flows(grays):
            nonlocal count
            for flow in flow_fn(grays[:-1], grays[1:]):
                count += 1
                flow_x, flow_y = quantize_flow(flow, bound)
                cv2.imwrite(osp.join(tmp, flow_name('x', count)), flow_x,
                            params)
                cv2.imwrite(osp.join(tmp, flow_name('y', count)), flow_y,
                            params)
            return grays[-1:]

        pending = []  # frames whose flow to the next is not written yet
        for index, rgb in enumerate(read_frames(video_path), start=1):
            rgb = resize_frame(rgb, target)
            cv2.imwrite(osp.join(tmp, rgb_name(index)),
                        rgb[..., ::-1], params)
            pending.append(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
            if len(pending) > batch:
                pending = write_flows(pending)
        if len(pending) > 1:
            write_flows(pending)
    return count
