"""SegmentConsensusHead: consensus on class scores, as TSN."""
import pytest
import torch

from mmvid_plugin.models.heads import SegmentConsensusHead


def head(consensus, **kwargs):
    torch.manual_seed(0)
    module = SegmentConsensusHead(10, 8, consensus=consensus,
                                  dropout_ratio=0.0, **kwargs)
    module.init_weights()
    return module.eval()


def per_segment_scores(module, x, num_segs):
    return module.fc_cls(x.mean(dim=(2, 3))).view(-1, num_segs, 10)


@pytest.mark.parametrize('consensus,reduce', [
    ('avg', lambda s: s.mean(1)), ('max', lambda s: s.amax(1))])
def test_consensus_acts_on_scores(consensus, reduce):
    module = head(consensus)
    x = torch.randn(2 * 3, 8, 4, 4)
    expected = reduce(per_segment_scores(module, x, 3))
    torch.testing.assert_close(module(x, num_segs=3), expected)


def test_max_on_scores_differs_from_max_on_features():
    module = head('max')
    x = torch.randn(2 * 3, 8, 4, 4)
    feature_max = module.fc_cls(x.mean(dim=(2, 3)).view(2, 3, 8).amax(1))
    assert not torch.allclose(module(x, num_segs=3), feature_max)


def test_weighted_consensus_learns_segment_weights():
    module = head('weighted', num_segments=3)
    with torch.no_grad():
        module.segment_weights.copy_(torch.tensor([0.0, 0.0, 1.0]))
    x = torch.randn(2 * 3, 8, 4, 4)
    scores = per_segment_scores(module, x, 3)
    torch.testing.assert_close(module(x, num_segs=3), scores[:, 2])
    module(x, num_segs=3).sum().backward()
    assert module.segment_weights.grad is not None


def test_weighted_consensus_interpolates_for_other_segment_counts():
    module = head('weighted', num_segments=3)
    weights = module.weights_for(25)
    assert weights.shape == (25, )
    torch.testing.assert_close(weights.sum(), torch.tensor(1.0))
    torch.testing.assert_close(weights, torch.full((25, ), 1 / 25))


def test_unknown_consensus_is_rejected():
    with pytest.raises(ValueError, match="consensus='median'.*'avg'"):
        SegmentConsensusHead(10, 8, consensus='median')
