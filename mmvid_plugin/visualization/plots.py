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


def plot_training_curves(scalars_json: str, out_file: str,
                         chance: float = None) -> str:
    """Loss per iteration and validation top-1 per epoch, side by side."""
    series = read_scalars(scalars_json)
    plt, (fig, (ax_loss, ax_acc)) = new_figure(1, 2, figsize=(10, 4))
    if 'loss' in series:
        ax_loss.plot(*series['loss'], lw=1)
    ax_loss.set(xlabel='iteration', ylabel='training loss', title='Loss')
    for key in ('acc/top1', 'acc/mean1'):
        if key in series:
            ax_acc.plot(*series[key], marker='o', label=key)
    if chance is not None:
        ax_acc.axhline(chance, color='grey', ls='--', label='chance')
    ax_acc.set(xlabel='epoch', ylabel='accuracy', title='Validation',
               ylim=(0, 1))
    ax_acc.legend()
    fig.tight_layout()
    save_figure(fig, out_file)
    plt.close(fig)
    return out_file


def plot_confusion_matrix(matrix: np.ndarray, classes: Sequence[str],
                          out_file: str, title: str = 'Confusion matrix'
                          ) -> str:
    """Row-normalised confusion matrix with counts in the cells."""
    rows = matrix.sum(1, keepdims=True)
    normalised = matrix / np.maximum(rows, 1)
    size = 2 + 0.6 * len(classes)
    plt, (fig, ax) = new_figure(figsize=(size, size))
    ax.imshow(normalised, cmap='Blues', vmin=0, vmax=1)
    ticks = np.arange(len(classes))
    ax.set_xticks(ticks, classes, rotation=60, ha='right')
    ax.set_yticks(ticks, classes)
    ax.set(xlabel='predicted', ylabel='true', title=title)
    for (i, j), count in np.ndenumerate(matrix):
        if count:
            ax.text(j, i, int(count), ha='center', va='center', fontsize=8,
                    color='white' if normalised[i, j] > 0.5 else 'black')
    fig.tight_layout()
    save_figure(fig, out_file)
    plt.close(fig)
    return out_file
