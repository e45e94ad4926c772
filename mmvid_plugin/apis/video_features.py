"""A named layer's activations for every video of a folder or an
annotation list: one ``.npy`` per video and a manifest, resumable.

Each video goes through the config's test pipeline (all its clips and
crops: the views); the layer's output per view is flattened, then averaged
over the views (video-level) or kept (clip-level, ``[views, D]``). A
feature file is written atomically and then recorded in
``manifest.jsonl`` (video, file, shape, layer, config, checkpoint sha256);
a rerun skips the videos the manifest records with their file present, so
a killed run resumes where it stopped. Videos that cannot be decoded are
reported, listed in ``failed.jsonl`` and skipped.
"""
import dataclasses
import json
import os
import os.path as osp
from typing import List, Sequence

import numpy as np
import torch
from torch import nn

from ..utils.atomic import atomic_path, write_text_atomically
from ..utils.progress import ProgressLine
from .feature_extraction import LayerCapture

VIDEO_EXTENSIONS = ('.mp4', '.avi', '.mkv', '.mov', '.webm', '.m4v')
MANIFEST = 'manifest.jsonl'
FAILED = 'failed.jsonl'


def videos_in_folder(folder: str) -> List[str]:
    """Video files under ``folder`` (recursive), relative to it, sorted.

    Raises:
        FileNotFoundError: ``folder`` is not a folder.
        ValueError: it holds no video file.
    """
    if not osp.isdir(folder):
        raise FileNotFoundError(f'--videos {folder} is not a folder; '
                                'expected a folder of video files')
    found = sorted(
        osp.relpath(osp.join(root, name), folder)
        for root, _, names in os.walk(folder) for name in names
        if name.lower().endswith(VIDEO_EXTENSIONS))
    if not found:
        raise ValueError(f'--videos {folder}: no video file (expected '
                         f'names ending in {", ".join(VIDEO_EXTENSIONS)})')
    return found


def videos_in_list(ann_file: str) -> List[str]:
    """The first field of every non-blank line of an annotation list
    (MMAction2's ``path label`` lines; a bare path is fine too).

    Raises:
        FileNotFoundError: ``ann_file`` does not exist.
        ValueError: it lists no video.
    """
    if not osp.isfile(ann_file):
        raise FileNotFoundError(f'--ann-file {ann_file} does not exist; '
                                "expected lines 'path [label]'")
    with open(ann_file, encoding='utf-8') as f:
        videos = [line.split()[0] for line in f if line.strip()]
    if not videos:
        raise ValueError(f"--ann-file {ann_file} lists no video; expected "
                         "lines 'path [label]'")
    return videos


def feature_file(video: str) -> str:
    """Where the features of ``video`` (a relative path) go in the output
    folder: the same relative path, ending in ``.npy``."""
    if osp.isabs(video) or video.startswith('..'):
        video = osp.basename(video)
    return osp.splitext(video)[0] + '.npy'


def read_records(path: str) -> List[dict]:
    """The JSON lines of ``path`` (none when it does not exist); a line cut
    by a kill is passed over."""
    if not osp.isfile(path):
        return []
    records = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return records


def end_cut_line(path: str) -> None:
    """End a last line a kill cut short, so that appended records start on
    a line of their own."""
    if osp.isfile(path) and os.path.getsize(path):
        with open(path, 'rb+') as f:
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b'\n':
                f.write(b'\n')


def append_record(path: str, record: dict) -> None:
    """One JSON line appended and flushed to disk."""
    with open(path, 'a', encoding='utf-8') as f:
        f.write(json.dumps(record) + '\n')
        f.flush()
        os.fsync(f.fileno())


@dataclasses.dataclass
class ExtractionReport:
    """What one run did: videos written, skipped as already done, failed
    (``[(video, reason)]``)."""
    written: List[str]
    skipped: List[str]
    failed: List[tuple]


def extract_video_features(predictor, videos: Sequence[str], root: str,
                           out_dir: str, layer: str, config: str,
                           checkpoint_sha256: str, per_clip: bool = False,
                           l2_normalize: bool = False,
                           progress: bool = True) -> ExtractionReport:
    """Features of ``layer`` for each of ``videos`` (paths relative to
    ``root``) with a ``VideoPredictor``'s model and test pipeline."""
    from .predict import probe_video
    os.makedirs(out_dir, exist_ok=True)
    manifest = osp.join(out_dir, MANIFEST)
    end_cut_line(manifest)
    done = {r['video'] for r in read_records(manifest)
            if osp.isfile(osp.join(out_dir, r['file']))}
    report = ExtractionReport([], [], [])
    capture = LayerCapture(predictor.model, layer)
    line = ProgressLine(len(videos), unit='videos') if progress else None
    try:
        for video in videos:
            if video in done:
                report.skipped.append(video)
            else:
                path = video if osp.isabs(video) else osp.join(root, video)
                try:
                    init, whole, _, _ = predictor.pipelines(probe_video(path))
                    opened = init(dict(filename=path, label=-1,
                                       start_index=0, modality='RGB'))
                    with torch.no_grad():
                        predictor.score(opened, whole)
                except Exception as error:  # decoders raise their own types
                    capture.outputs.clear()
                    reason = str(error).split('\n')[0][:300]
                    report.failed.append((video, reason))
                    print(f'skipped {video}: {reason}', flush=True)
                else:
                    views = capture.views()
                    features = views if per_clip else views.mean(dim=0)
                    if l2_normalize:
                        features = nn.functional.normalize(features, dim=-1)
                    name = feature_file(video)
                    target = osp.join(out_dir, name)
                    os.makedirs(osp.dirname(target), exist_ok=True)
                    with atomic_path(target, suffix='.npy') as temp:
                        np.save(temp, features.numpy())
                    append_record(manifest, dict(
                        video=video, file=name,
                        shape=list(features.shape), views=len(views),
                        layer=layer, config=config,
                        checkpoint_sha256=checkpoint_sha256,
                        per_clip=per_clip, l2_normalize=l2_normalize))
                    report.written.append(video)
            if line is not None:
                line.update()
    finally:
        capture.remove()
    write_text_atomically(osp.join(out_dir, FAILED), ''.join(
        json.dumps(dict(video=v, reason=r)) + '\n' for v, r in report.failed))
    return report

