"""``SkipBadSamples``: train on through a few bad files, up to a limit."""
import logging
import os
import os.path as osp
from typing import Optional, Union

from mmaction.registry import DATASETS
from mmengine.dist import broadcast_object_list, get_rank, is_distributed
from mmengine.logging import MMLogger, print_log

from .checks import BadDataError

LIST_NAME = 'skipped_samples.txt'
DATA_ERRORS = (BadDataError, OSError)


def work_dir_of_current_run() -> Optional[str]:
    """The runner's work dir, from its logger's file
    (``WORK_DIR/TIMESTAMP/TIMESTAMP.log``); None outside a run."""
    for handler in MMLogger.get_current_instance().handlers:
        if isinstance(handler, logging.FileHandler):
            return osp.dirname(osp.dirname(handler.baseFilename))
    return None


def read_skip_list(path: str) -> dict:
    """``{path: reason}`` of a skip list (empty when there is none)."""
    if not path or not osp.exists(path):
        return {}
    skipped = {}
    with open(path, encoding='utf-8', errors='backslashreplace') as f:
        for line in f:
            file, _, reason = line.rstrip('\n').partition('\t')
            skipped.setdefault(file, reason)
    return skipped


def append_line(path: str, line: str) -> None:
    """Append one line with a single ``O_APPEND`` write, so lines of
    concurrent workers never interleave."""
    data = (line.rstrip('\n') + '\n').encode('utf-8', 'backslashreplace')
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


@DATASETS.register_module()
class SkipBadSamples:
    """Wraps a dataset; a sample whose loading raises a data error
    (:class:`.checks.BadDataError`, ``OSError``) is replaced by the next
    good index.

    Each bad file is logged once per process and appended to the skip
    list (``path<TAB>reason``, one line per file; by default
    ``WORK_DIR/skipped_samples.txt``, emptied when the wrapper is built on
    rank 0). Once the distinct files in the list exceed
    ``max_skip_ratio * len(dataset)``, loading stops with an error listing
    them.

    What is guaranteed with DataLoader workers and DDP ranks: each worker
    skips what it finds and appends it; the ratio is checked against the
    list, so it counts the bad files that all workers and ranks (sharing
    the work dir) found so far in this run. Ranks build the wrapper
    together and take rank 0's list, once rank 0 has emptied it. A bad
    file stays bad, so from the epoch that drew it on, the list is also
    the per-epoch count. Without a work dir or ``list_file`` the count is
    per process.

    Args:
        dataset: The wrapped dataset or its config.
        max_skip_ratio: Largest tolerated fraction of bad samples.
        list_file: Where to write the skip list; default as above.
    """

    def __init__(self, dataset: Union[dict, object],
                 max_skip_ratio: float = 0.05,
                 list_file: Optional[str] = None):
        self.dataset = DATASETS.build(dataset) \
            if isinstance(dataset, dict) else dataset
        self.max_skip_ratio = max_skip_ratio
        if list_file is None:
            work_dir = work_dir_of_current_run()
            list_file = osp.join(work_dir, LIST_NAME) if work_dir else None
        if list_file and get_rank() == 0:
            os.makedirs(osp.dirname(osp.abspath(list_file)), exist_ok=True)
            open(list_file, 'w').close()
        if is_distributed():
            # only rank 0's logger has the work dir's file; a broadcast
            # also keeps every rank from appending before it is emptied
            shared = [list_file]
            broadcast_object_list(shared, src=0)
            list_file = shared[0]
        self.list_file = list_file
        self.bad = {}  # index -> (path, reason), this process

    @property
    def metainfo(self) -> dict:
        return self.dataset.metainfo

    def full_init(self) -> None:
        if hasattr(self.dataset, 'full_init'):
            self.dataset.full_init()

    def get_data_info(self, idx: int) -> dict:
        return self.dataset.get_data_info(idx)

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, idx: int):
        size = len(self)
        for step in range(size):
            index = (idx + step) % size
            if index in self.bad:
                continue
            try:
                return self.dataset[index]
            except DATA_ERRORS as err:
                self._record(index, err)
        raise BadDataError(str(self.list_file or '<dataset>'),
                           f'all {size} samples are bad')

    def skipped(self) -> dict:
        """``{path: reason}`` of the bad files found so far."""
        listed = read_skip_list(self.list_file)
        for path, reason in self.bad.values():
            listed.setdefault(path, reason)
        return listed

    def _record(self, index: int, err: Exception) -> None:
        path = getattr(err, 'path', None) or getattr(err, 'filename', None)
        reason = getattr(err, 'reason', None) or \
            f'{type(err).__name__}: {err}'
        self.exclude(index, path or self._path_of(index), reason)

    def exclude(self, index: int, path: str, reason: str) -> None:
        """Skip sample ``index`` from now on, as if loading it had failed
        (logged, listed, counted against ``max_skip_ratio``)."""
        reason = ' '.join(str(reason).split())
        self.bad[index] = (str(path), reason)
        print_log(f'SkipBadSamples: skipping {path}: {reason}',
                  logger='current', level=logging.WARNING)
        if self.list_file:
            append_line(self.list_file, f'{path}\t{reason}')
        skipped = self.skipped()
        if len(skipped) > self.max_skip_ratio * len(self):
            listed = '\n'.join(f'  {p}: {r}' for p, r in skipped.items())
            raise RuntimeError(
                f'{len(skipped)} of {len(self)} samples are bad, more '
                f'than max_skip_ratio={self.max_skip_ratio}:\n{listed}')

    def _path_of(self, index: int) -> str:
        try:
            info = self.dataset.get_data_info(index)
        except Exception:
            return f'<sample {index}>'
        return str(info.get('filename', info.get('frame_dir', index)))
