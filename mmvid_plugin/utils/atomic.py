"""The one way this package writes a file (or folder) that others take as
complete: checkpoints, published models, features, flow folders and their
completion markers, reports, metafiles, images.

The content goes to a temporary name in the destination's folder, is
flushed to disk, and is renamed onto the destination only when the writer
finished without an error; a failed or killed writer leaves the previous
file untouched and no partial one under the final name (a killed one may
leave its ``.<name>.*.tmp`` behind, never read as a result).
"""
import contextlib
import os
import os.path as osp
import shutil
import tempfile
from typing import IO, Callable, Iterator, Optional


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicPath:
    """A temporary file name beside the destination, renamed onto it when
    the ``with`` block succeeds and removed when it fails.

    Args:
        path: The destination; None when ``name_from_content`` names it.
        name_from_content: Gives the destination from the finished
            temporary file (e.g. a name with the content's sha256).
        directory: The destination's folder when ``path`` is None.
        suffix: The temporary name's ending (writers that pick the format
            from the extension need the destination's).

    ``with AtomicPath(p) as temp: write(temp)``; afterwards ``.path`` is
    the file written.
    """

    def __init__(self, path: Optional[str] = None, *,
                 name_from_content: Optional[Callable[[str], str]] = None,
                 directory: Optional[str] = None, suffix: str = ''):
        if (path is None) == (name_from_content is None):
            raise ValueError('AtomicPath: give path or name_from_content')
        self.path = None if path is None else str(path)
        self.name_from_content = name_from_content
        self.directory = osp.dirname(osp.abspath(self.path)) if self.path \
            else osp.abspath(directory or '.')
        self.suffix = suffix
        self.temp = None

    def __enter__(self) -> str:
        os.makedirs(self.directory, exist_ok=True)
        stem = osp.basename(self.path) if self.path else 'atomic'
        fd, self.temp = tempfile.mkstemp(prefix=f'.{stem}.',
                                         suffix=f'.tmp{self.suffix}',
                                         dir=self.directory)
        os.close(fd)
        return self.temp

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if kind is None:
                _fsync(self.temp)
                if self.name_from_content is not None:
                    self.path = self.name_from_content(self.temp)
                os.replace(self.temp, self.path)
        finally:
            if osp.exists(self.temp):
                os.remove(self.temp)


def atomic_path(path: str, suffix: str = '') -> AtomicPath:
    """``with atomic_path(p) as temp:``: write ``temp``; it becomes ``p``."""
    return AtomicPath(path, suffix=suffix)


@contextlib.contextmanager
def atomic_open(path: str, mode: str = 'w',
                encoding: Optional[str] = None) -> Iterator[IO]:
    """``open`` for writing whose file appears under ``path`` complete or
    not at all."""
    if 'b' not in mode and encoding is None:
        encoding = 'utf-8'
    with atomic_path(path) as temp:
        with open(temp, mode, encoding=encoding) as f:
            yield f


def write_text_atomically(path: str, text: str) -> None:
    with atomic_open(path) as f:
        f.write(text)


@contextlib.contextmanager
def atomic_directory(path: str, replace: bool = False) -> Iterator[str]:
    """A temporary folder beside ``path``, renamed to ``path`` when the
    block succeeds (replacing an existing one only with ``replace``) and
    removed when it fails."""
    parent = osp.dirname(osp.abspath(path))
    os.makedirs(parent, exist_ok=True)
    temp = tempfile.mkdtemp(prefix=f'.{osp.basename(path)}.', dir=parent)
    try:
        yield temp
        if osp.exists(path):
            if not replace:
                raise FileExistsError(f'{path} appeared while it was being '
                                      'written; not replaced')
            shutil.rmtree(path)
        os.replace(temp, path)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
