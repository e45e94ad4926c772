"""Flow extraction over many videos: parallel, resumable, fault-tolerant.

Output (MMAction2 rawframes layout)::

    OUT/<video name>/img_00001.jpg, flow_x_00001.jpg, flow_y_00001.jpg, ...
    OUT/rawframes_list.txt     "<video name> <num flow frames> <label>"
    OUT/failed_videos.txt      "<video path>\t<error>" for skipped videos
"""
import dataclasses
import glob
import multiprocessing
import os
import os.path as osp
from typing import List, Optional, Sequence

from ..utils import ProgressLine
from .layout import FLOW_BOUND, flow_pattern
from .video import extract_video

VIDEO_EXTENSIONS = ('.mp4', '.avi', '.mkv', '.webm', '.mov')


@dataclasses.dataclass(frozen=True)
class VideoItem:
    """One video to extract: its path, output folder name and label."""
    path: str
    name: str
    label: int


def videos_from_folder(folder: str) -> List[VideoItem]:
    """Videos under ``folder``; a first-level sub-folder names the class.

    Labels are the sorted class-folder indices, or 0 for videos directly in
    ``folder``.
    """
    paths = sorted(p for p in glob.glob(osp.join(folder, '**', '*'),
                                        recursive=True)
                   if p.lower().endswith(VIDEO_EXTENSIONS))
    if not paths:
        raise FileNotFoundError(f'{folder}: no videos with extensions '
                                f'{VIDEO_EXTENSIONS}')
    relpaths = [osp.relpath(p, folder) for p in paths]
    classes = sorted({r.split(os.sep)[0] for r in relpaths if os.sep in r})
    items = []
    for path, rel in zip(paths, relpaths):
        label = classes.index(rel.split(os.sep)[0]) if os.sep in rel else 0
        items.append(VideoItem(path, osp.splitext(rel)[0], label))
    return items


def videos_from_list(ann_file: str, video_root: str = '') -> List[VideoItem]:
    """Videos of an MMAction2 video list (``relpath label`` per line)."""
    items = []
    with open(ann_file) as f:
        for number, line in enumerate(f, start=1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) < 2 or not fields[-1].lstrip('-').isdigit():
                raise ValueError(f'{ann_file}:{number}: expected "<video '
                                 f'path> <label>", got {line.strip()!r}')
            rel = ' '.join(fields[:-1])
            items.append(VideoItem(osp.join(video_root, rel),
                                   osp.splitext(rel)[0], int(fields[-1])))
    return items


def count_flow_frames(frame_dir: str) -> int:
    return len(glob.glob(osp.join(frame_dir, flow_pattern('x'))))


def _extract_one(job):
    item, out_root, options, single_thread = job
    import cv2
    cv2.setNumThreads(1)  # parallelism comes from the worker processes
    if single_thread and options['algorithm'] == 'tvl1-torch':
        import torch
        torch.set_num_threads(1)
    try:
        count = extract_video(item.path, osp.join(out_root, item.name),
                              **options)
        return item, count, None
    except Exception as error:  # reported and skipped, never fatal
        return item, 0, f'{type(error).__name__}: {error}'


def extract_dataset(items: Sequence[VideoItem], out_root: str,
                    algorithm: str = 'tvl1', bound: float = FLOW_BOUND,
                    size: Optional[str] = None, workers: int = 1,
                    list_file: str = 'rawframes_list.txt',
                    report_file: str = 'failed_videos.txt',
                    device: str = 'cpu', batch: int = 1) -> dict:
    """Extract every video not yet done; write the list and the report.

    Args:
        device, batch: Torch device and frame pairs per call of
            ``'tvl1-torch'`` (see :func:`~.video.extract_video`).
        list_file: Name of the RawframeDataset list written in ``out_root``.
        report_file: Name of the failed-video report in ``out_root``.

    Returns:
        Counts: ``done`` (this run), ``skipped`` (already there), ``failed``.
    """
    os.makedirs(out_root, exist_ok=True)
    if batch < 1:
        raise ValueError(f'flow batch {batch}: expected a positive number')
    options = dict(algorithm=algorithm, bound=bound, size=size,
                   device=device, batch=batch)
    pending = [it for it in items if not osp.isdir(osp.join(out_root,
                                                             it.name))]
    skipped = len(items) - len(pending)
    print(f'{len(items)} videos: {skipped} already extracted, '
          f'{len(pending)} to do ({algorithm}, bound {bound}, '
          f'{workers} worker(s))', flush=True)
    failures = []
    progress = ProgressLine(len(pending), unit='videos', rate_unit='frames')
    jobs = [(item, out_root, options, workers > 1) for item in pending]
    if workers > 1:
        pool = multiprocessing.get_context('spawn').Pool(workers)
        results = pool.imap_unordered(_extract_one, jobs)
    else:
        pool, results = None, map(_extract_one, jobs)
    try:
        for item, count, error in results:
            if error is not None:
                failures.append(f'{item.path}\t{error}\n')
            progress.update(work=count + 1)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    with open(osp.join(out_root, report_file), 'w') as f:
        f.writelines(failures)
    lines = [f'{it.name} {count_flow_frames(osp.join(out_root, it.name))} '
             f'{it.label}\n' for it in items
             if osp.isdir(osp.join(out_root, it.name))]
    with open(osp.join(out_root, list_file), 'w') as f:
        f.writelines(lines)
    return dict(done=len(pending) - len(failures), skipped=skipped,
                failed=len(failures))
