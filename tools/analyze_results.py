"""Summarise a ``tools/test.py --dump`` file and draw the run's figures.

    python tools/analyze_results.py WORK_DIR DUMP.pkl [--classes a b ...]

Writes ``confusion_matrix.png`` and ``training_curves.png`` into WORK_DIR and
prints top-1, top-5 and mean class accuracy.
"""
import argparse
import glob
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from mmvid_plugin.visualization import (  # noqa: E402
    classification_summary, confusion_matrix, load_dumped_predictions,
    plot_confusion_matrix, plot_training_curves)


def latest_scalars(work_dir: str):
    """The newest ``<timestamp>/vis_data/scalars.json`` holding training."""
    for path in sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                          'scalars.json')), reverse=True):
        with open(path) as f:
            if '"loss"' in f.read():
                return path
    return None


def analyze(work_dir: str, dump: str, classes=None, chance=None) -> dict:
    """Print the summary and write the figures; returns metrics and paths."""
    scores, labels = load_dumped_predictions(dump)
    summary = classification_summary(scores, labels)
    classes = classes or [str(i) for i in range(scores.shape[1])]
    matrix = confusion_matrix(labels, scores.argmax(1), scores.shape[1])
    summary['confusion_matrix_png'] = plot_confusion_matrix(
        matrix, classes, osp.join(work_dir, 'confusion_matrix.png'))
    scalars = latest_scalars(work_dir)
    if scalars is not None:
        summary['training_curves_png'] = plot_training_curves(
            scalars, osp.join(work_dir, 'training_curves.png'), chance=chance)
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('work_dir', help='work dir of the training run')
    parser.add_argument('dump', help='pickle written by tools/test.py --dump')
    parser.add_argument('--classes', nargs='+', help='class names in order')
    args = parser.parse_args(argv)
    summary = analyze(args.work_dir, args.dump, args.classes)
    for key, value in summary.items():
        print(f'{key}: {value:.4f}' if isinstance(value, float) else
              f'{key}: {value}')


if __name__ == '__main__':
    main()
