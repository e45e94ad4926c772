"""Checkpoint I/O that stays safe under ``torch.load(weights_only=True)``.

torch >= 2.6 unpickles checkpoints with ``weights_only=True`` by default, and
refuses any global it does not know. MMEngine checkpoints carry the message
hub's ``HistoryBuffer`` objects, numpy scalars and arrays, and with numpy 2
their pickles reference ``builtins.getattr``, which can call arbitrary code.

This module never switches ``weights_only`` off by default. Instead:

* :func:`to_plain` turns a checkpoint into plain Python containers, scalars
  and tensors before it is written, so our own checkpoints need no allow-list;
  :func:`save_checkpoint_atomically` writes it through a temporary file and a
  rename, so an interrupted save never leaves a truncated checkpoint behind;
* :func:`load_checkpoint_safely` loads with ``weights_only=True`` and an
  allow-list of inert data types only (numpy arrays, scalars and dtypes,
  ``HistoryBuffer``), then restores the message-hub buffers;
* a legacy checkpoint that needs anything else loads only when the user sets
  ``MMVID_ALLOW_CHECKPOINT_CODE_EXECUTION=1``, whose name says what it allows.
"""
import logging
import os
import os.path as osp
import pickle
from collections import OrderedDict
from typing import Any

import numpy as np
import torch
from mmengine.logging import HistoryBuffer, print_log

from ..utils.atomic import atomic_open

#: Environment variable that allows unpickling arbitrary code from a file.
UNSAFE_LOAD_ENV = 'MMVID_ALLOW_CHECKPOINT_CODE_EXECUTION'

#: Marker key of a ``HistoryBuffer`` stored as plain data.
HISTORY_BUFFER_KEY = '__mmvid_history_buffer__'

_PLAIN_SCALARS = (str, int, float, bool, bytes, type(None), torch.dtype,
                  torch.device, torch.Size)


def inert_globals() -> list:
    """Globals that only rebuild data (no code execution) when unpickled."""
    dtype_classes = [
        getattr(np.dtypes, name) for name in dir(np.dtypes)
        if name.endswith('DType')
    ]
    return [
        np._core.multiarray._reconstruct, np._core.multiarray.scalar,
        np.ndarray, np.dtype, HistoryBuffer
    ] + dtype_classes


def to_plain(obj: Any, key_path: str = 'checkpoint') -> Any:
    """Convert ``obj`` to containers, Python scalars and tensors only.

    Args:
        obj: Any part of a checkpoint.
        key_path: Where ``obj`` sits, used in error messages.

    Raises:
        TypeError: ``obj`` holds an object that cannot be stored as data.
    """
    if isinstance(obj, np.generic):  # before scalars: np.float64 is a float
        return obj.item()
    if isinstance(obj, torch.Tensor) or isinstance(obj, _PLAIN_SCALARS):
        return obj
    if isinstance(obj, np.ndarray):
        if obj.dtype == object:
            return [to_plain(v, f'{key_path}[{i}]') for i, v in enumerate(obj)]
        return torch.from_numpy(np.ascontiguousarray(obj))
    if isinstance(obj, HistoryBuffer):
        log_history, count_history = obj.data
        return {
            HISTORY_BUFFER_KEY: True,
            'log_history': [float(v) for v in log_history],
            'count_history': [float(v) for v in count_history],
            'max_length': int(obj.max_length),
        }
    if isinstance(obj, OrderedDict):
        return OrderedDict((k, to_plain(v, f'{key_path}.{k}'))
                           for k, v in obj.items())
    if isinstance(obj, dict):  # also ConfigDict and other dict subclasses
        return {k: to_plain(v, f'{key_path}.{k}') for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        items = [to_plain(v, f'{key_path}[{i}]') for i, v in enumerate(obj)]
        return items if isinstance(obj, list) else tuple(items)
    if isinstance(obj, (set, frozenset)):
        return sorted(obj, key=repr)
    raise TypeError(
        f'{key_path} holds a {type(obj).__module__}.{type(obj).__name__}, '
        'which cannot be stored in a weights_only-safe checkpoint; expected '
        'tensors, numpy data, Python scalars, lists, tuples or dicts')


def from_plain(obj: Any) -> Any:
    """Rebuild the ``HistoryBuffer`` objects that :func:`to_plain` flattened."""
    if isinstance(obj, dict):
        if obj.get(HISTORY_BUFFER_KEY) is True:
            return HistoryBuffer(obj['log_history'], obj['count_history'],
                                 obj['max_length'])
        rebuilt = {k: from_plain(v) for k, v in obj.items()}
        return OrderedDict(rebuilt) if isinstance(obj, OrderedDict) else rebuilt
    if isinstance(obj, list):
        return [from_plain(v) for v in obj]
    return obj


def save_checkpoint_atomically(checkpoint: dict, filename: str,
                               **unused_backend_args) -> None:
    """Write ``checkpoint`` as plain data through a temp file and a rename.

    Drop-in for :func:`mmengine.runner.checkpoint.save_checkpoint` for local
    paths; other backends fall back to MMEngine after the plain conversion.
    """
    plain = to_plain(checkpoint)
    filename = str(filename)
    if '://' in filename:
        from mmengine.runner.checkpoint import save_checkpoint
        save_checkpoint(plain, filename, **unused_backend_args)
        return
    with atomic_open(filename, 'wb') as f:
        torch.save(plain, f)


def unsafe_load_allowed() -> bool:
    """Whether the user opted in to running code from checkpoint files."""
    return os.environ.get(UNSAFE_LOAD_ENV, '0') == '1'


def load_checkpoint_safely(filename: str, map_location=None) -> Any:
    """Load a local checkpoint with ``weights_only=True``, or a
    ``.safetensors`` file; a name carrying a sha256 suffix
    (``NAME-<8 hex>.pth``) is verified first.

    Args:
        filename: Path of the checkpoint file.
        map_location: As :func:`torch.load`.

    Raises:
        FileNotFoundError: ``filename`` does not exist.
        HashMismatchError: the content does not match the name's sha256.
        pickle.UnpicklingError: the file needs globals beyond the inert
            allow-list and :data:`UNSAFE_LOAD_ENV` is not set.
    """
    from ..weights.release import load_safetensors, verify_hash_suffix
    filename = osp.expanduser(str(filename))
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint {filename} can not be found.')
    verify_hash_suffix(filename)
    if filename.endswith('.safetensors'):
        return load_safetensors(filename)
    try:
        with torch.serialization.safe_globals(inert_globals()):
            checkpoint = torch.load(
                filename, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as error:
        unsafe = torch.serialization.get_unsafe_globals_in_checkpoint(
            filename)
        if not unsafe_load_allowed():
            raise pickle.UnpicklingError(
                f'checkpoint {filename} needs globals that can run code when '
                f'unpickled: {sorted(set(unsafe))}. Only inert data types '
                'are allowed. If you trust this file, re-save it as plain '
                'data, or set the environment variable '
                f'{UNSAFE_LOAD_ENV}=1 to run code from it.') from error
        print_log(
            f'{UNSAFE_LOAD_ENV}=1: loading {filename} with '
            f'weights_only=False, which runs code from the file '
            f'(globals: {sorted(set(unsafe))})',
            logger='current',
            level=logging.WARNING)
        checkpoint = torch.load(
            filename, map_location=map_location, weights_only=False)
    return from_plain(checkpoint)
