"""Bad data stops MMAction2's datasets with an error naming the file.

MMAction2 1.2 turns a malformed annotation line into a bare ``ValueError``
(or a silent label -1), reads a label beyond the classes without a word,
and lets decoders fail with messages that name no file. Installed by
``import mmvid_plugin``, three small wrappers (each marked, so installing
twice is a no-op) change only the failure path:

- ``VideoDataset.load_data_list`` and ``RawframeDataset.load_data_list``
  first check every line with :func:`.checks.parse_annotation` and raise
  :class:`.checks.BadDataError` listing the bad lines (number, text,
  what was expected); the original parser then runs unchanged, and each
  sample remembers its line (``ann_line``).
- ``BaseActionDataset.prepare_data`` runs the pipeline; when a loading
  transform (``*Init``/``*Decode``) fails, or leaves ``total_frames == 0``,
  or any transform fails on media that :func:`.checks.check_sample` finds
  bad, it raises :class:`.checks.BadDataError` naming the file, its line
  and the reason. Other errors (bugs) keep their type, with a note naming
  the sample (Python >= 3.11).

A video shorter than the clip is not an error: ``SampleFrames`` repeats
frames, as MMAction2 documents. Labels are checked against
``num_classes`` (or the ``classes`` of the metainfo) when the dataset is
given one.
"""
import functools
import os.path as osp
from typing import Callable, Optional

from .checks import (BadDataError, check_sample, listing_error,
                     parse_annotation, sample_path)

_MARK = '_mmvid_strict'


def _num_classes(dataset) -> Optional[int]:
    if getattr(dataset, 'num_classes', None) is not None:
        return dataset.num_classes
    classes = (getattr(dataset, '_metainfo', None) or {}).get('classes')
    return len(classes) if classes else None


def _raise_for_bad_lines(ann_file: str, bad: list) -> None:
    raise listing_error(
        f'{len(bad)} bad annotation line(s) in {ann_file} (run '
        'tools/check_dataset.py for a full report)', bad, ann_file)


def checked_load_data_list(original: Callable, kind: str) -> Callable:
    """``load_data_list`` that checks each line before ``original``."""

    @functools.wraps(original)
    def load_data_list(self):
        if not osp.isfile(self.ann_file):  # other backends: unchecked
            return original(self)
        options = dict(
            multi_class=self.multi_class, num_classes=_num_classes(self),
            allow_unlabeled=self.test_mode)
        if kind == 'video':
            options['delimiter'] = self.delimiter
        else:
            options['with_offset'] = self.with_offset
        entries, bad = parse_annotation(self.ann_file, kind, **options)
        if bad:
            _raise_for_bad_lines(self.ann_file, bad)
        data_list = original(self)
        if len(data_list) == len(entries):
            for info, entry in zip(data_list, entries):
                info['ann_line'] = entry.line_no
        return data_list

    setattr(load_data_list, _MARK, True)
    return load_data_list


def _is_loading(transform) -> bool:
    name = type(transform).__name__
    return name.endswith(('Init', 'Decode')) or \
        type(transform).__module__.endswith('transforms.loading')


def _bad_sample(self, info: dict, reason: str) -> BadDataError:
    line = info.get('ann_line')
    return BadDataError(sample_path(info), reason,
                        self.ann_file if line else None, line)


def checked_prepare_data(original: Callable) -> Callable:
    """``prepare_data`` whose data errors name the sample's file."""

    @functools.wraps(original)
    def prepare_data(self, idx):
        transforms = getattr(self.pipeline, 'transforms', None)
        if transforms is None:
            return original(self, idx)
        info = self.get_data_info(idx)
        data = dict(info)
        for transform in transforms:
            try:
                data = transform(data)
            except BadDataError:
                raise
            except Exception as err:
                reason = check_sample(info)
                if reason is None and _is_loading(transform):
                    reason = f'{type(transform).__name__} failed: ' \
                        f'{type(err).__name__}: {err}'
                if reason is not None:
                    raise _bad_sample(self, info, reason) from err
                if hasattr(err, 'add_note'):  # Python >= 3.11
                    err.add_note(f'while loading sample {idx}: '
                                 f'{sample_path(info)}')
                raise
            if data is None:
                return None
            if _is_loading(transform) and data.get('total_frames') == 0:
                raise _bad_sample(self, info, 'the video has no frames')
        return data

    setattr(prepare_data, _MARK, True)
    return prepare_data


def install_strict_loading() -> None:
    """Wrap the three methods once."""
    from mmaction.datasets import RawframeDataset, VideoDataset
    from mmaction.datasets.base import BaseActionDataset
    for cls, kind in ((VideoDataset, 'video'),
                      (RawframeDataset, 'rawframes')):
        if not getattr(cls.load_data_list, _MARK, False):
            cls.load_data_list = checked_load_data_list(
                cls.load_data_list, kind)
    if not getattr(BaseActionDataset.prepare_data, _MARK, False):
        BaseActionDataset.prepare_data = checked_prepare_data(
            BaseActionDataset.prepare_data)
