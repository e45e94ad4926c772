"""Released weights: files named ``STEM-<first 8 hex digits of the file's
sha256>.pth`` / ``.safetensors`` (the OpenMMLab and torch.hub convention),
written by :func:`publish` and verified by :func:`verify_hash_suffix`
wherever a checkpoint is loaded."""
import hashlib
import json
import os.path as osp
import re
from typing import Dict, Optional, Tuple

import torch

from ..utils.atomic import AtomicPath

#: ``-<8 hex>.pth`` / ``-<8 hex>.safetensors`` at the end of a file name.
HASH_SUFFIX = re.compile(r'-([0-9a-f]{8})\.(pth|safetensors)$')


class HashMismatchError(ValueError):
    """A file whose content does not match the sha256 its name carries."""


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def verify_hash_suffix(path: str) -> Optional[str]:
    """Check the sha256 a file's name carries; returns the full sha256 of a
    suffixed file, None for a name without a suffix.

    Raises:
        HashMismatchError: the content's sha256 does not start with the
            suffix (a tampered, truncated or renamed file).
    """
    match = HASH_SUFFIX.search(osp.basename(path))
    if not match:
        return None
    actual = file_sha256(path)
    if not actual.startswith(match.group(1)):
        raise HashMismatchError(
            f'{path}: sha256 mismatch: the name says {match.group(1)}..., '
            f'the content is {actual}. The file is corrupt or was changed; '
            'download or publish it again.')
    return actual


def plain_release(checkpoint: dict) -> Tuple[Dict[str, torch.Tensor], dict]:
    """(state dict, meta) of a training checkpoint without optimizer,
    scheduler and message-hub state; meta keeps plain JSON values only."""
    state = checkpoint.get('state_dict', checkpoint)
    state = {k[len('module.'):] if k.startswith('module.') else k:
             v.detach().clone().contiguous()
             for k, v in state.items() if torch.is_tensor(v)}
    meta = {}
    for key, value in (checkpoint.get('meta') or {}).items():
        try:
            json.dumps(value)
        except TypeError:
            continue
        meta[key] = value
    return state, meta


def _write_hashed(stem: str, suffix: str, write) -> str:
    """``write(tmp_path)``, then rename to ``stem-<sha256[:8]>.suffix``."""
    pending = AtomicPath(
        name_from_content=lambda tmp: f'{stem}-{file_sha256(tmp)[:8]}.'
        f'{suffix}', directory=osp.dirname(osp.abspath(stem)))
    with pending as tmp:
        write(tmp)
    return pending.path


def publish(checkpoint: dict, stem: str) -> Tuple[str, str]:
    """Write the weights of ``checkpoint`` as ``stem-<h>.pth`` (loads with
    ``weights_only=True``) and ``stem-<h>.safetensors`` (meta as JSON
    strings), each ``h`` from that file's own sha256; returns both paths."""
    from safetensors.torch import save_file
    state, meta = plain_release(checkpoint)
    pth = _write_hashed(
        stem, 'pth', lambda p: torch.save(dict(state_dict=state, meta=meta),
                                          p))
    safetensors = _write_hashed(
        stem, 'safetensors',
        lambda p: save_file(state, p, metadata={
            k: json.dumps(v) for k, v in meta.items()}))
    return pth, safetensors


def load_safetensors(path: str) -> dict:
    """A ``.safetensors`` file as a checkpoint dict (``state_dict``, and
    ``meta`` from its JSON metadata)."""
    from safetensors import safe_open
    from safetensors.torch import load_file
    with safe_open(path, framework='pt') as f:
        metadata = f.metadata() or {}
    meta = {}
    for key, value in metadata.items():
        try:
            meta[key] = json.loads(value)
        except ValueError:
            meta[key] = value
    return dict(state_dict=load_file(path), meta=meta)
