"""Summaries and figures from dumped predictions and MMEngine scalars."""
import json
import pickle

import numpy as np
import pytest
import torch

from mmvid_plugin.evaluation import (classification_summary,
                                     confusion_matrix,
                                     load_dumped_predictions)
from mmvid_plugin.visualization import (plot_confusion_matrix,
                                        plot_run_comparison,
                                        plot_training_curves)

PNG = b'\x89PNG\r\n\x1a\n'


def test_summary_matches_hand_computation():
    scores = np.array([[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1],
                       [0.1, 0.2, 0.7]])
    labels = np.array([0, 1, 1, 2])
    summary = classification_summary(scores, labels)
    assert summary['top1'] == pytest.approx(0.75)
    # per class: 1/1, 1/2, 1/1
    assert summary['mean_class_accuracy'] == pytest.approx(2.5 / 3)
    np.testing.assert_array_equal(
        confusion_matrix(labels, scores.argmax(1), 3),
        [[1, 0, 0], [1, 1, 0], [0, 0, 1]])


def test_dump_round_trip_and_bad_file(tmp_path):
    dump = tmp_path / 'p.pkl'
    samples = [dict(pred_score=torch.tensor([0.2, 0.8]),
                    gt_label=torch.tensor([1]))]
    dump.write_bytes(pickle.dumps(samples))
    scores, labels = load_dumped_predictions(str(dump))
    assert scores.shape == (1, 2) and labels.tolist() == [1]
    bad = tmp_path / 'bad.pkl'
    bad.write_bytes(pickle.dumps([{'x': 1}]))
    with pytest.raises(ValueError, match='bad.pkl'):
        load_dumped_predictions(str(bad))


def test_figures_are_pngs(tmp_path):
    scalars = tmp_path / 'scalars.json'
    records = [dict(loss=2.0 - 0.1 * i, epoch=1, iter=i, step=i)
               for i in range(1, 6)] + [{'acc/top1': 0.4, 'step': 1}]
    scalars.write_text('\n'.join(json.dumps(r) for r in records))
    curves = plot_training_curves(str(scalars), str(tmp_path / 'c.png'),
                                  chance=0.1)
    matrix = plot_confusion_matrix(np.eye(3, dtype=int) * 4, ['a', 'b', 'c'],
                                   str(tmp_path / 'm.png'))
    for path in (curves, matrix):
        with open(path, 'rb') as f:
            assert f.read(8) == PNG


def write_scalars(path, accuracies):
    records = [dict(loss=2.0 - 0.1 * i, epoch=1, iter=i, step=i)
               for i in range(1, 6)]
    records += [{'acc/top1': a, 'step': e}
                for e, a in enumerate(accuracies, 1)]
    path.write_text('\n'.join(json.dumps(r) for r in records))
    return str(path)


def test_run_comparison_puts_every_run_side_by_side(tmp_path):
    from matplotlib.image import imread
    runs = [dict(name=name, matrix=np.eye(3, dtype=int) * (i + 1),
                 scalars_json=write_scalars(tmp_path / f'{name}.json',
                                            [0.3, 0.4 + 0.2 * i]))
            for i, name in enumerate(['tsn', 'i3d', 'c3d'])]
    widths = []
    for count in (2, 3):
        out = plot_run_comparison(runs[:count], ['a', 'b', 'c'],
                                  str(tmp_path / f'{count}.png'),
                                  levels={'chance': 1 / 3})
        height, width = imread(out).shape[:2]
        widths.append(width)
    # one confusion matrix column per run: (2 + 0.6 * 3) inches at 100 dpi
    assert widths == [2 * 380, 3 * 380]
