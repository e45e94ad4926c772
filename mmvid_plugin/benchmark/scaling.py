"""How a training step grows with frames and resolution
(``tools/benchmark.py scaling``): R(2+1)D-18, I3D-R50, SlowFast-R50 4x16
and TimeSformer divided vs joint, at 8 / 16 / 32 frames and 112 / 160 /
224 pixels, one figure per model family in ``docs/``.

Joint attention compares every token with every other, so its cost grows
with (T * N)^2 for T frames of N patches; divided attention with
T * N * (T + N).
"""
import itertools
import os.path as osp
from typing import Dict, List, Sequence

import torch

from .timing import Options, Steps, interleaved_medians

FRAMES = (8, 16, 32)
SIZES = (112, 160, 224)

BACKBONES = {
    'R(2+1)D-18': lambda t, s: dict(type='VideoResNet', variant='r2plus1d',
                                    depth=18),
    'I3D-R50': lambda t, s: dict(type='VideoResNet', variant='i3d',
                                 depth=50),
    'SlowFast-R50 4x16': lambda t, s: dict(
        type='SlowFastResNet', depth=50, alpha=8, beta_inv=8,
        lateral_kernel=5),
    'TimeSformer divided': lambda t, s: dict(
        type='TimeSformerViT', attention_type='divided_space_time',
        num_frames=t, img_size=s),
    'TimeSformer joint': lambda t, s: dict(
        type='TimeSformerViT', attention_type='joint_space_time',
        num_frames=t, img_size=s),
}


def train_step_seconds(name: str, frames: int, size: int,
                       options: Options, repeats: int) -> float:
    from mmengine.registry import init_default_scope

    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    torch.manual_seed(0)
    net = MODELS.build(BACKBONES[name](frames, size))
    x = torch.randn(1, 3, frames, size, size)
    medians = interleaved_medians({name: Steps(net, x, options)}, repeats,
                                  steps=('train step', ))
    return medians[name]['train step']


def benchmark_scaling(names: Sequence[str], options: Options, repeats: int,
                      frames: Sequence[int] = FRAMES,
                      sizes: Sequence[int] = SIZES) -> Dict:
    """``{name: {'T x S': seconds}}``, printed as it goes."""
    from ..utils.progress import ProgressLine
    results: Dict[str, Dict[str, float]] = {}
    cases = list(itertools.product(names, frames, sizes))
    progress = ProgressLine(len(cases), 'cases')
    for name, t, s in cases:
        took = train_step_seconds(name, t, s, options, repeats)
        results.setdefault(name, {})[f'{t}x{s}'] = took
        print(f'{name:20s} {t:2d} x {s}: {took:7.2f} s / train step',
              flush=True)
        progress.update()
    return results


def plot_scaling(results: Dict, path: str, title: str,
                 frames: Sequence[int] = FRAMES,
                 sizes: Sequence[int] = SIZES) -> List[str]:
    """Training step against frames (a colour per model, a line style per
    size) and against clip pixels T x H x W, where joint attention's
    steeper slope shows; written atomically to ``path``."""
    import textwrap

    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    from ..utils.atomic import atomic_path
    styles = dict(zip(sizes, ('-', '--', ':', '-.')))
    fig, (by_frames, by_pixels) = plt.subplots(1, 2, figsize=(11, 4.6))
    for index, (name, cases) in enumerate(results.items()):
        colour = f'C{index}'
        for s in sizes:
            xs = [t for t in frames if f'{t}x{s}' in cases]
            by_frames.plot(xs, [cases[f'{t}x{s}'] for t in xs], marker='o',
                           color=colour, linestyle=styles[s],
                           label=f'{name}, {s} px')
        pixels = sorted((t * s * s, cases[f'{t}x{s}']) for t in frames
                        for s in sizes if f'{t}x{s}' in cases)
        by_pixels.plot([p / 1e6 for p, _ in pixels], [v for _, v in pixels],
                       marker='o', color=colour, label=name)
    by_frames.set(xlabel='frames', ylabel='training step (s)',
                  xscale='log', yscale='log')
    by_pixels.set(xlabel='clip pixels T x H x W (millions)',
                  ylabel='training step (s)', xscale='log', yscale='log')
    by_frames.set_xticks(list(frames), [str(t) for t in frames])
    by_frames.xaxis.set_minor_formatter(NullFormatter())
    for axis in (by_frames, by_pixels):
        axis.grid(True, which='both', alpha=0.3)
        axis.legend(fontsize=6 if axis is by_frames else 8, ncol=1)
    fig.suptitle('\n'.join(textwrap.wrap(title, 150)), fontsize=8)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=110, format=osp.splitext(path)[1][1:])
    plt.close(fig)
    return [path]
