"""Training curves and confusion matrices as PNG files, and the figure
setup shared with the attention maps."""
import json
import os.path as osp
from collections import defaultdict
from typing import Sequence

import numpy as np

from ..utils.atomic import atomic_path


def save_figure(fig, path: str, **kwargs) -> None:
    """``fig.savefig`` at 100 dpi, written atomically (the format from
    ``path``'s extension)."""
    with atomic_path(path, suffix=osp.splitext(path)[1]) as temp:
        fig.savefig(temp, dpi=100, **kwargs)


def new_figure(*args, **kwargs):
    """(pyplot, ``plt.subplots(*args, **kwargs)``) on the Agg backend."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    return plt, plt.subplots(*args, **kwargs)


def read_scalars(scalars_json: str) -> dict:
    """Series ``{key: ([x], [y])}`` from MMEngine's ``vis_data/scalars.json``.

    Training keys are indexed by iteration (``step``), validation keys by
    epoch.
    """
    series = defaultdict(lambda: ([], []))
    with open(scalars_json) as f:
        for line in f:
            record = json.loads(line)
            step = record.get('step')
            for key, value in record.items():
                if key in ('step', 'epoch', 'iter') or not isinstance(
                        value, (int, float)):
                    continue
                series[key][0].append(step)
                series[key][1].append(value)
    return dict(series)


def draw_curves(ax_loss, ax_acc, series: dict, label: str = None) -> None:
    """Training loss per iteration on ``ax_loss``, validation top-1 (and
    mean class accuracy, unlabelled runs only) per epoch on ``ax_acc``."""
    if 'loss' in series:
        ax_loss.plot(*series['loss'], lw=1, label=label)
    keys = ('acc/top1', ) if label else ('acc/top1', 'acc/mean1')
    for key in keys:
        if key in series:
            ax_acc.plot(*series[key], marker='o', label=label or key)
    ax_loss.set(xlabel='iteration', ylabel='training loss', title='Loss')
    ax_acc.set(xlabel='epoch', ylabel='accuracy', title='Validation',
               ylim=(0, 1))
    from matplotlib.ticker import MaxNLocator
    ax_acc.xaxis.set_major_locator(MaxNLocator(integer=True))


def draw_levels(ax, levels: dict) -> None:
    """Horizontal reference lines ``{label: value}`` (chance, ceilings)."""
    for (label, value), style in zip(levels.items(), ('--', ':', '-.')):
        ax.axhline(value, color='grey', ls=style, label=label)


def plot_training_curves(scalars_json: str, out_file: str,
                         chance: float = None) -> str:
    """Loss per iteration and validation top-1 per epoch, side by side."""
    plt, (fig, (ax_loss, ax_acc)) = new_figure(1, 2, figsize=(10, 4))
    draw_curves(ax_loss, ax_acc, read_scalars(scalars_json))
    if chance is not None:
        draw_levels(ax_acc, {'chance': chance})
    ax_acc.legend()
    fig.tight_layout()
    save_figure(fig, out_file)
    plt.close(fig)
    return out_file


def draw_confusion_matrix(ax, matrix: np.ndarray, classes: Sequence[str],
                          title: str) -> None:
    """Row-normalised confusion matrix with counts in the cells."""
    rows = matrix.sum(1, keepdims=True)
    normalised = matrix / np.maximum(rows, 1)
    ax.imshow(normalised, cmap='Blues', vmin=0, vmax=1)
    ticks = np.arange(len(classes))
    ax.set_xticks(ticks, classes, rotation=60, ha='right')
    ax.set_yticks(ticks, classes)
    ax.set(xlabel='predicted', ylabel='true', title=title)
    for (i, j), count in np.ndenumerate(matrix):
        if count:
            ax.text(j, i, int(count), ha='center', va='center', fontsize=8,
                    color='white' if normalised[i, j] > 0.5 else 'black')


def matrix_inches(classes: Sequence[str]) -> float:
    """Side of a confusion matrix's axes, in inches, for its classes."""
    return 2 + 0.6 * len(classes)


def plot_confusion_matrix(matrix: np.ndarray, classes: Sequence[str],
                          out_file: str, title: str = 'Confusion matrix'
                          ) -> str:
    """Row-normalised confusion matrix with counts in the cells."""
    size = matrix_inches(classes)
    plt, (fig, ax) = new_figure(figsize=(size, size))
    draw_confusion_matrix(ax, matrix, classes, title)
    fig.tight_layout()
    save_figure(fig, out_file)
    plt.close(fig)
    return out_file


def plot_run_comparison(runs: Sequence[dict], classes: Sequence[str],
                        out_file: str, levels: dict = None) -> str:
    """Runs side by side: their loss and validation curves in one pair of
    axes (with ``levels``, e.g. chance and ceilings), then one confusion
    matrix per run. Each run: ``dict(name, scalars_json, matrix)``."""
    size = matrix_inches(classes)
    plt, (fig, axes) = new_figure(
        2, max(2, len(runs)), figsize=(size * max(2, len(runs)), 4 + size),
        gridspec_kw=dict(height_ratios=(4, size)), squeeze=False)
    ax_loss, ax_acc = axes[0][0], axes[0][1]
    for ax in axes[0][2:]:
        ax.axis('off')
    for run, ax in zip(runs, axes[1]):
        if run.get('scalars_json'):
            draw_curves(ax_loss, ax_acc, read_scalars(run['scalars_json']),
                        label=run['name'])
        draw_confusion_matrix(ax, run['matrix'], classes, run['name'])
    for ax in axes[1][len(runs):]:
        ax.axis('off')
    draw_levels(ax_acc, levels or {})
    ax_loss.legend()
    ax_acc.legend(fontsize=8)
    fig.tight_layout()
    save_figure(fig, out_file)
    plt.close(fig)
    return out_file
