"""Spatial-only 3D convolutions: PyTorch's kernel choice against our
frame-wise ``Conv3d`` (``tools/benchmark.py convs``), on the ``1 x 3 x 3``
shapes of the ResNet-50 nets at batch 1 (I3D-R50 and SlowFast's Slow
pathway at 4 frames after their pools, SlowFast's Fast pathway at 32)."""
import time
from typing import Dict, List, Tuple

import torch
from torch import nn

from .timing import interleaved_medians

#: (channels, frames, height = width) of 1 x 3 x 3 convs in the
#: counterparts: Fast pathway res2-res5, then Slow / I3D-R50 res2-res5.
SHAPES: List[Tuple[int, int, int]] = [
    (8, 32, 56), (16, 32, 28), (32, 32, 14), (64, 32, 7),
    (64, 4, 56), (128, 4, 28), (256, 4, 14), (512, 4, 7)]


class _Timed:
    """One conv's forward (``inference``) and forward + backward (``train
    step``), in the interface :func:`interleaved_medians` takes."""

    def __init__(self, conv, x):
        self.conv, self.x = conv, x

    def run(self, step: str) -> float:
        start = time.perf_counter()
        if step == 'inference':
            with torch.no_grad():
                self.conv(self.x)
        else:
            self.conv(self.x).sum().backward()
        return time.perf_counter() - start


def benchmark_convs(repeats: int = 5) -> List[Dict]:
    """Medians (ms) of each shape both ways, interleaved."""
    from ..models.layers import Conv3d
    rows = []
    for channels, frames, size in SHAPES:
        torch.manual_seed(0)
        ours = Conv3d(channels, channels, (1, 3, 3), padding=(0, 1, 1),
                      bias=False)
        x = torch.randn(1, channels, frames, size, size, requires_grad=True)
        theirs = nn.Conv3d(channels, channels, (1, 3, 3),
                           padding=(0, 1, 1), bias=False)
        theirs.load_state_dict(ours.state_dict())
        medians = interleaved_medians(
            {'framewise': _Timed(ours, x), 'pytorch': _Timed(theirs, x)},
            repeats)
        rows.append(dict(shape=[channels, frames, size, size], ms={
            way: {step: 1e3 * t for step, t in per.items()}
            for way, per in medians.items()}))
    return rows


def markdown_rows(rows: List[Dict]) -> List[str]:
    out = ['| input C x T x H x W | forward: PyTorch / frame-wise | '
           'forward + backward: PyTorch / frame-wise |', '|---|---|---|']
    for r in rows:
        cells = []
        for step in ('inference', 'train step'):
            a, b = r['ms']['pytorch'][step], r['ms']['framewise'][step]
            cells.append(f'{a:.1f} / {b:.1f} ms ({a / b:.2f}x)')
        out.append(f"| {'x'.join(map(str, r['shape']))} | {cells[0]} | "
                   f'{cells[1]} |')
    return out
