"""Checks of annotation lines and of the media they name.

One place for what a good ``VideoDataset`` / ``RawframeDataset`` entry is,
shared by the datasets' default error path (:mod:`.strict_loading`),
:class:`~.skip_bad_samples.SkipBadSamples` and ``tools/check_dataset.py``.

Annotation formats (MMAction2 1.2):

- video: ``path label`` (``path label label ...`` when multi-class);
- rawframes: ``frame_dir total_frames label`` (``frame_dir offset
  total_frames label`` with offsets).

A line without a label is accepted only where unlabeled lines are allowed
(MMAction2 gives them label -1, meant for inference).
"""
import os
import os.path as osp
from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Tuple

from ..flow.layout import RGB_TEMPLATE


class BadDataError(ValueError):
    """A bad annotation line or sample; the message names the file.

    Args:
        path: The media (or annotation) file that is bad; without a
            ``reason``, the whole message (as when DataLoader workers
            re-raise it, or it is unpickled).
        reason: What is wrong, and what was expected.
        ann_file: The annotation file naming it, when known.
        line_no: Its 1-based line number there, when known.
    """

    def __init__(self, path: str, reason: Optional[str] = None,
                 ann_file: Optional[str] = None,
                 line_no: Optional[int] = None):
        self.path, self.reason = path, reason
        self.ann_file, self.line_no = ann_file, line_no
        if reason is None:
            super().__init__(path)
            return
        where = f'{ann_file}, line {line_no}: ' if ann_file else ''
        super().__init__(f'{where}{path}: {reason}')


@dataclass
class Entry:
    """One parsed annotation line."""
    line_no: int
    path: str
    labels: List[int] = field(default_factory=list)
    total_frames: Optional[int] = None
    offset: int = 0


@dataclass
class BadEntry:
    """One bad annotation line or sample."""
    line_no: Optional[int]
    path: str
    reason: str

    def __str__(self) -> str:
        line = '-' if self.line_no is None else self.line_no
        return f'line {line}\t{self.path}\t{self.reason}'


def listing_error(header: str, bad: List[BadEntry],
                  ann_file: Optional[str] = None,
                  most: int = 10) -> BadDataError:
    """One :class:`BadDataError` for many bad entries: ``header``, then the
    first ``most`` of them, one per line (its fields: the first one)."""
    listed = '\n'.join(
        f'  {BadDataError(e.path, e.reason, ann_file, e.line_no)}'
        for e in bad[:most])
    more = f'\n  ... and {len(bad) - most} more' if len(bad) > most else ''
    error = BadDataError(bad[0].path, bad[0].reason, ann_file,
                         bad[0].line_no)
    error.args = (f'{header}:\n{listed}{more}', )
    return error


def read_lines(ann_file: str) -> Iterator[Tuple[int, Optional[str], bytes]]:
    """``(line_no, text, raw)``; ``text`` is None where not UTF-8."""
    with open(ann_file, 'rb') as f:
        for line_no, raw in enumerate(f, 1):
            raw = raw.rstrip(b'\r\n')
            try:
                yield line_no, raw.decode('utf-8'), raw
            except UnicodeDecodeError:
                yield line_no, None, raw


def _integer(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f'{what} must be an integer, got {text!r}') \
            from None


def parse_line(text: str, kind: str = 'video', delimiter: str = ' ',
               multi_class: bool = False, with_offset: bool = False,
               num_classes: Optional[int] = None,
               allow_unlabeled: bool = False) -> Tuple[str, dict]:
    """``(path, fields)`` of one line; ``ValueError`` saying what is
    wrong and what was expected."""
    if not text.strip():
        raise ValueError('empty line')
    columns = text.strip().split(delimiter if kind == 'video' else None)
    path = columns[0]
    fields = dict(offset=0, total_frames=None)
    if kind == 'video':
        expected = '"path label"'
        rest = columns[1:]
    elif kind == 'rawframes':
        counts = ['offset', 'total_frames'] if with_offset \
            else ['total_frames']
        expected = '"frame_dir ' + ' '.join(counts) + ' label"'
        if len(columns) < 1 + len(counts):
            raise ValueError(f'{len(columns)} columns, expected {expected}')
        for i, name in enumerate(counts, 1):
            fields[name] = _integer(columns[i], name)
        if fields['total_frames'] <= 0:
            raise ValueError(f'total_frames must be > 0, got '
                             f"{fields['total_frames']}")
        rest = columns[1 + len(counts):]
    else:
        raise ValueError(f'unknown annotation kind {kind!r}')
    wanted = 'one or more labels' if multi_class else 'one label'
    if not rest and not allow_unlabeled:
        raise ValueError(f'no label: {len(columns)} columns, expected '
                         f'{expected}')
    if len(rest) > 1 and not multi_class:
        raise ValueError(f'{len(columns)} columns, expected {expected} '
                         f'({wanted}; a path with spaces needs another '
                         'delimiter)')
    labels = [_integer(x, 'label') for x in rest]
    for label in labels:
        problem = label_problem(label, num_classes)
        if problem:
            raise ValueError(problem)
    fields['labels'] = labels
    return path, fields


def label_problem(label: int, num_classes: Optional[int] = None,
                  allow_unlabeled: bool = False) -> Optional[str]:
    """What is wrong with ``label``, or None (-1 is MMAction2's
    unlabeled, allowed only where said)."""
    if label < 0 and not (allow_unlabeled and label == -1):
        return f'label {label} is negative, expected >= 0'
    if num_classes is not None and label >= num_classes:
        return (f'label {label} out of range, expected '
                f'0 <= label < num_classes={num_classes}')
    return None


def parse_annotation(ann_file: str, kind: str = 'video',
                     data_prefix: str = '',
                     **line_options) -> Tuple[List[Entry], List[BadEntry]]:
    """Every line of ``ann_file``: the good ones as :class:`Entry`, the
    bad ones as :class:`BadEntry`; ``line_options`` go to
    :func:`parse_line`."""
    entries, bad = [], []
    for line_no, text, raw in read_lines(ann_file):
        if text is None:
            shown = raw.decode('utf-8', 'backslashreplace')
            bad.append(BadEntry(line_no, shown, (
                'line is not valid UTF-8; MMAction2 reads annotation files '
                'as UTF-8: rename the file to a UTF-8 name and fix the '
                'line')))
            continue
        try:
            path, fields = parse_line(text, kind, **line_options)
        except ValueError as err:
            bad.append(BadEntry(line_no, text.strip() or '<empty>',
                                str(err)))
            continue
        full = osp.join(data_prefix, path) if data_prefix else path
        entries.append(Entry(line_no, full, **fields))
    return entries, bad


def check_video(path: str) -> Optional[str]:
    """What is wrong with the video at ``path``, or None when it opens,
    has frames, and its first and last frames decode."""
    if not osp.isfile(path):
        return 'file not found' if not osp.exists(path) else 'not a file'
    try:
        import decord
    except ImportError:
        return _check_video_pyav(path)
    try:
        reader = decord.VideoReader(path, num_threads=1)
    except Exception as err:  # decord raises its own DECORDError types
        return _explain_with_pyav(path) or \
            f'cannot be opened as a video ({_short(err)})'
    count = len(reader)
    if count == 0:
        return 'the video has no frames'
    try:
        reader.get_batch([0, count - 1])
    except Exception as err:
        return (f'header says {count} frames but the first or last '
                f'does not decode ({_short(err)})')
    return None


def _explain_with_pyav(path: str) -> Optional[str]:
    """PyAV's (clearer) reason why decord cannot open ``path``."""
    try:
        return _check_video_pyav(path)
    except ImportError:
        return None


def _check_video_pyav(path: str) -> Optional[str]:
    import av
    try:
        with av.open(path) as container:
            if not container.streams.video:
                return 'the file holds no video stream (no frames)'
            stream = container.streams.video[0]
            decoded = sum(1 for _ in container.decode(stream))
    except Exception as err:
        return f'cannot be decoded as a video ({_short(err)})'
    if decoded == 0:
        return 'the video has no frames'
    if stream.frames and decoded < stream.frames:
        return (f'truncated: header says {stream.frames} frames, '
                f'{decoded} decode')
    return None


def _short(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return (text[-1] if text else type(err).__name__)[:200]


def frame_names(total_frames: int, offset: int = 0, start_index: int = 1,
                filename_tmpl: str = RGB_TEMPLATE,
                modality: str = 'RGB') -> Iterator[str]:
    """The file names ``RawFrameDecode`` may read for one entry."""
    for index in range(start_index + offset,
                       start_index + offset + total_frames):
        if modality == 'Flow':
            yield filename_tmpl.format('x', index)
            yield filename_tmpl.format('y', index)
        else:
            yield filename_tmpl.format(index)


def check_rawframes(frame_dir: str, total_frames: int, offset: int = 0,
                    start_index: int = 1,
                    filename_tmpl: str = RGB_TEMPLATE,
                    modality: str = 'RGB') -> Optional[str]:
    """What is missing from ``frame_dir``, or None when it holds every
    frame the annotation line says."""
    if not osp.isdir(frame_dir):
        return 'frame folder not found'
    present = set(os.listdir(frame_dir))
    names = frame_names(total_frames, offset, start_index, filename_tmpl,
                        modality)
    missing = [name for name in names if name not in present]
    if missing:
        shown = ', '.join(missing[:3]) + (', ...' if len(missing) > 3
                                          else '')
        return (f'{len(missing)} frame file(s) missing ({shown}); the '
                f'annotation says {total_frames} frames')
    return None


def check_sample(info: dict) -> Optional[str]:
    """:func:`check_video` or :func:`check_rawframes` of a dataset's
    ``get_data_info`` dict; None when its media look good (or are not
    local files, or the check itself cannot be made)."""
    try:
        return _check_sample(info)
    except Exception:  # e.g. a template this check does not know
        return None


def _check_sample(info: dict) -> Optional[str]:
    if 'filename' in info:
        return check_video(info['filename'])
    if 'frame_dir' in info and info.get('total_frames') is not None \
            and info.get('modality', 'RGB') in ('RGB', 'Flow'):
        return check_rawframes(
            info['frame_dir'], info['total_frames'], info.get('offset', 0),
            info.get('start_index', 1),
            info.get('filename_tmpl', RGB_TEMPLATE),
            info.get('modality', 'RGB'))
    return None


def sample_path(info: dict) -> str:
    """The media path of a ``get_data_info`` dict."""
    return str(info.get('filename', info.get('frame_dir', '<unknown>')))
