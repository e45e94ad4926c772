"""Reproducible weights and inputs for converter equivalence checks.

A reference output is made once, in a separate environment with the
official implementation, and checked in CI with ours: both sides fill the
official layout (its manifest: key, shape, dtype) with the same values and
feed the same input. The values come from an integer hash of (key, index)
(splitmix64 in numpy's wrapping uint64 arithmetic), so they are identical on
any machine, numpy or torch version. This file imports only numpy and
torch, so the reference script can load it without the package.
"""
import json
import zlib
from typing import Dict, List, Sequence

import numpy as np
import torch

def uniform(seed: int, count: int) -> np.ndarray:
    """``count`` float64 values in [-1, 1) from splitmix64 of 0..count-1
    (in place: a few passes over one buffer)."""
    x = np.arange(count, dtype=np.uint64)
    shifted = np.empty_like(x)
    with np.errstate(over='ignore'):
        x += np.uint64(seed)
        x *= np.uint64(0x9E3779B97F4A7C15)
        for shift, multiplier in ((30, 0xBF58476D1CE4E5B9),
                                  (27, 0x94D049BB133111EB)):
            np.right_shift(x, np.uint64(shift), out=shifted)
            x ^= shifted
            x *= np.uint64(multiplier)
        np.right_shift(x, np.uint64(31), out=shifted)
        x ^= shifted
    x >>= np.uint64(11)
    values = x.astype(np.float64)
    values *= 2.0**-52
    values -= 1.0
    return values


def key_seed(key: str, seed: int) -> int:
    return (zlib.crc32(key.encode()) << 20) ^ seed


def seeded_tensor(key: str, shape: Sequence[int], dtype: str,
                  seed: int = 0) -> torch.Tensor:
    """The value of one manifest entry: integers 0 (BN batch counters);
    1-D running variances (Caffe2: ``*_riv``) in [0.75, 1.25); other 1-D
    norm scales (``*weight`` / ``*gamma`` / ``*scale``, Caffe2 ``*_s``) in
    [0.9, 1.1); other 1-D tensors
    in [-0.1, 0.1); matrices and kernels uniform with variance 2 / fan-in
    (He), so activations keep their scale through deep nets; tensors named
    like embeddings (``pos_embed``, ``cls_token``; not ``weight`` /
    ``bias``) in [-0.02, 0.02)."""
    count = int(np.prod(shape)) if len(shape) else 1
    if not dtype.startswith('torch.float'):
        return torch.zeros(tuple(shape), dtype=getattr(torch, dtype[6:]))
    u = uniform(key_seed(key, seed), count).reshape(tuple(shape))
    name = key.rsplit('.', 1)[-1]
    if name not in ('weight', 'bias') and ('embed' in name or 'token' in name):
        u = 0.02 * u
    elif ('running_var' in name or name == 'moving_variance'
          or name.endswith('_riv')):
        u = 1.0 + 0.25 * u
    elif len(shape) <= 1:
        scale = name in ('weight', 'gamma', 'scale') or name.endswith('_s')
        u = 1.0 + 0.1 * u if scale else 0.1 * u
    else:
        fan_in = int(np.prod(shape[1:]))
        u = u * np.sqrt(6.0 / fan_in)
    return torch.from_numpy(np.ascontiguousarray(u)).to(
        getattr(torch, dtype[6:]))


def manifest_of(state: Dict[str, torch.Tensor]) -> List[list]:
    """[[key, shape, dtype], ...] of a state dict, in its order."""
    return [[k, list(v.shape), str(v.dtype)] for k, v in state.items()]


def seeded_state_dict(manifest: List[list],
                      seed: int = 0) -> Dict[str, torch.Tensor]:
    """A state dict of the manifest's layout with reproducible values."""
    return {k: seeded_tensor(k, shape, dtype, seed)
            for k, shape, dtype in manifest}


def seeded_input(shape: Sequence[int], seed: int = 1) -> torch.Tensor:
    """A float64 input in [-1, 1) (a normalised clip's range)."""
    count = int(np.prod(shape))
    return torch.from_numpy(uniform(seed << 40, count).reshape(tuple(shape)))


def write_reference(path: str, record: dict) -> None:
    """A reference record as JSON (logits as nested lists)."""
    with open(path, 'w') as f:
        json.dump(record, f, indent=0)
        f.write('\n')


def read_reference(path: str) -> dict:
    with open(path) as f:
        return json.load(f)
