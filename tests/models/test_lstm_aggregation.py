"""LSTM aggregation of Ng et al. 2015 (Sec. 3.2)."""
import pytest
import torch
import torch.nn.functional as F
from mmaction.structures import ActionDataSample

from mmvid_plugin.models.heads import LSTMAggregationHead
from mmvid_plugin.models.heads.lstm_aggregation import aggregate_steps


def samples(labels):
    return [ActionDataSample().set_gt_label(int(label)) for label in labels]


def test_paper_defaults_five_layers_of_512():
    head = LSTMAggregationHead(num_classes=101, in_channels=1024)
    assert (head.lstm.num_layers, head.lstm.hidden_size) == (5, 512)
    scores = head(torch.randn(2, 1024, 30, 7, 7))
    assert scores.shape == (2, 30, 101)  # a softmax at every step


def test_loss_weights_step_t_by_t_over_T():
    torch.manual_seed(0)
    head = LSTMAggregationHead(num_classes=5, in_channels=8, hidden_size=16,
                               num_layers=2)
    scores = torch.randn(3, 4, 5)
    labels = torch.tensor([0, 3, 1])
    loss = head.loss_by_feat(scores, samples(labels))['loss_cls']
    expected = 0.0
    for i in range(3):
        weighted = sum((t + 1) / 4 * F.cross_entropy(scores[i, t:t + 1],
                                                     labels[i:i + 1])
                       for t in range(4))
        expected += weighted / sum((t + 1) / 4 for t in range(4))
    torch.testing.assert_close(loss, expected / 3)
    flat = LSTMAggregationHead(num_classes=5, in_channels=8, hidden_size=16,
                               num_layers=2, weight_steps=False)
    torch.testing.assert_close(
        flat.loss_by_feat(scores, samples(labels))['loss_cls'],
        F.cross_entropy(scores.reshape(12, 5), labels.repeat_interleave(4)))


def test_aggregations_against_direct_formulas():
    probs = torch.rand(2, 3, 4)
    torch.testing.assert_close(aggregate_steps(probs, 'last'), probs[:, 2])
    torch.testing.assert_close(aggregate_steps(probs, 'max'),
                               torch.maximum(torch.maximum(probs[:, 0],
                                                           probs[:, 1]),
                                             probs[:, 2]))
    torch.testing.assert_close(aggregate_steps(probs, 'average'),
                               (probs[:, 0] + probs[:, 1] + probs[:, 2]) / 3)
    torch.testing.assert_close(
        aggregate_steps(probs, 'weighted'),
        (probs[:, 0] / 3 + 2 * probs[:, 1] / 3 + probs[:, 2]) / 2)
    with pytest.raises(ValueError, match="'median'"):
        aggregate_steps(probs, 'median')


def test_predict_with_last_step_returns_its_softmax():
    torch.manual_seed(0)
    head = LSTMAggregationHead(num_classes=5, in_channels=8, hidden_size=16,
                               num_layers=2, aggregation='last').eval()
    x = torch.randn(2, 6, 8)
    steps = head(x)
    (first, second) = head.predict(x, samples([0, 1]))
    torch.testing.assert_close(torch.stack([first.pred_score,
                                            second.pred_score]),
                               steps[:, -1].softmax(dim=1))


def test_unknown_aggregation_and_bad_features_are_named():
    with pytest.raises(ValueError, match='aggregation'):
        LSTMAggregationHead(num_classes=5, in_channels=8, aggregation='sum')
    head = LSTMAggregationHead(num_classes=5, in_channels=8)
    with pytest.raises(ValueError, match='in_channels = 8'):
        head(torch.randn(2, 6, 9))


def test_flatten_keeps_each_frames_whole_map():
    torch.manual_seed(0)
    head = LSTMAggregationHead(num_classes=3, in_channels=2 * 2 * 2,
                               hidden_size=4, num_layers=1,
                               spatial_pooling='flatten').eval()
    x = torch.randn(1, 2, 5, 2, 2)
    moved = x.clone()
    moved[:, :, 2] = x[:, :, 2].flip(-1)  # same mean, other place
    assert not torch.allclose(head(x), head(moved))
    averaging = LSTMAggregationHead(num_classes=3, in_channels=2,
                                    hidden_size=4, num_layers=1).eval()
    torch.testing.assert_close(averaging(x), averaging(moved))
    with pytest.raises(ValueError, match='spatial_pooling'):
        LSTMAggregationHead(num_classes=3, in_channels=2,
                            spatial_pooling='max')
