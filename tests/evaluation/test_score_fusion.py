"""Late score fusion: averaging, weights, SVM, and input checks."""
import pickle

import numpy as np
import pytest
import torch

from mmvid_plugin.evaluation import (average_fusion, load_stream_scores,
                                     stack_normalised, svm_fusion)


def two_streams(n=300, classes=4, seed=0):
    """Stream A knows classes 0-1, stream B knows classes 2-3."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, n)
    a = rng.random((n, classes))
    b = rng.random((n, classes))
    for i, label in enumerate(labels):
        (a if label < 2 else b)[i, label] += 2.0
    softmax = lambda x: np.exp(x) / np.exp(x).sum(1, keepdims=True)  # noqa
    return softmax(a), softmax(b), labels


def accuracy(scores, labels):
    return float((scores.argmax(1) == labels).mean())


def test_average_fusion_beats_each_stream():
    a, b, labels = two_streams()
    fused = average_fusion([a, b])
    assert accuracy(fused, labels) > max(accuracy(a, labels),
                                         accuracy(b, labels)) + 0.1


def test_weighted_average_is_the_formula():
    a, b, _ = two_streams(n=5)
    np.testing.assert_allclose(average_fusion([a, b], [1, 1.5]),
                               (a + 1.5 * b) / 2.5)
    with pytest.raises(ValueError, match='3 weights for 2 streams'):
        average_fusion([a, b], [1, 1, 1])


def test_stacked_scores_are_l2_normalised_per_stream():
    a, b, _ = two_streams(n=7)
    stacked = stack_normalised([a, b])
    np.testing.assert_allclose(np.linalg.norm(stacked[:, :4], axis=1), 1)
    np.testing.assert_allclose(np.linalg.norm(stacked[:, 4:], axis=1), 1)


def test_svm_fusion_learns_from_training_scores():
    train_a, train_b, train_labels = two_streams(seed=1)
    a, b, labels = two_streams(seed=2)
    fused = svm_fusion([train_a, train_b], train_labels, [a, b])
    assert fused.shape == a.shape
    assert accuracy(fused, labels) >= accuracy(average_fusion([a, b]),
                                               labels) - 0.02
    assert accuracy(fused, labels) > 0.9


def crammer_singer_objective(svm, x, labels, c=1.0):
    """1/2 ||[W, b]||^2 + C sum_i max(0, max_{m != y_i} 1 + s_m - s_{y_i})
    (Crammer & Singer; liblinear treats b as the weight of a constant 1)."""
    scores = x @ svm.coef_.T + svm.intercept_
    rows = np.arange(len(labels))
    margins = 1 + scores - scores[rows, labels][:, None]
    margins[rows, labels] = 0
    penalty = 0.5 * ((svm.coef_**2).sum() + (svm.intercept_**2).sum())
    return penalty + c * margins.max(1).sum()


def test_crammer_singer_option_is_the_joint_multi_class_svm():
    """The fused scores are W x + b of scikit-learn's crammer_singer fit
    (so the prediction is their argmax), and that (W, b) reaches a lower
    Crammer-Singer objective than the one-vs-rest default's."""
    from sklearn.svm import LinearSVC
    train_a, train_b, train_labels = two_streams(seed=1)
    a, b, labels = two_streams(seed=2)
    x_train = stack_normalised([train_a, train_b])
    x = stack_normalised([a, b])
    joint = LinearSVC(multi_class='crammer_singer', random_state=0).fit(
        x_train, train_labels)
    ovr = LinearSVC(random_state=0).fit(x_train, train_labels)
    fused = svm_fusion([train_a, train_b], train_labels, [a, b],
                       multi_class='crammer_singer')
    direct = x @ joint.coef_.T + joint.intercept_
    np.testing.assert_allclose(fused, direct, rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(fused.argmax(1), direct.argmax(1))
    np.testing.assert_allclose(
        svm_fusion([train_a, train_b], train_labels, [a, b]),
        x @ ovr.coef_.T + ovr.intercept_, rtol=1e-6, atol=1e-8)
    assert crammer_singer_objective(joint, x_train, train_labels) < \
        crammer_singer_objective(ovr, x_train, train_labels)
    assert accuracy(fused, labels) > 0.9
    with pytest.raises(ValueError, match="multi_class='ova'"):
        svm_fusion([a, b], labels, [a, b], multi_class='ova')


def dump(path, scores, labels):
    samples = [dict(pred_score=torch.tensor(s), gt_label=torch.tensor([l]))
               for s, l in zip(scores, labels)]
    path.write_bytes(pickle.dumps(samples))
    return str(path)


def test_dumps_must_hold_the_same_samples(tmp_path):
    a, b, labels = two_streams(n=6)
    first = dump(tmp_path / 'rgb.pkl', a, labels)
    second = dump(tmp_path / 'flow.pkl', b, labels[::-1])
    with pytest.raises(ValueError, match='flow.pkl and .*rgb.pkl'):
        load_stream_scores([first, second])


def test_cli_average_and_svm(tmp_path):
    from tools.fuse_scores import main
    a, b, labels = two_streams()
    ta, tb, tlabels = two_streams(seed=3)
    test = [dump(tmp_path / 'rgb.pkl', a, labels),
            dump(tmp_path / 'flow.pkl', b, labels)]
    train = [dump(tmp_path / 'rgb_train.pkl', ta, tlabels),
             dump(tmp_path / 'flow_train.pkl', tb, tlabels)]
    results = main(test + ['--weights', '1', '1.5'])
    assert results['fused average(1.0, 1.5)']['top1'] > \
        results[test[0]]['top1']
    results = main(test + ['--method', 'svm', '--train-dumps'] + train)
    assert results['fused svm(C=1.0)']['top1'] > 0.9
    results = main(test + ['--method', 'svm', '--svm-multi-class',
                           'crammer_singer', '--train-dumps'] + train)
    assert results['fused svm(C=1.0, crammer_singer)']['top1'] > 0.9
    with pytest.raises(SystemExit):
        main(test + ['--method', 'svm'])
