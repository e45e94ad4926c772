"""LinearHead: pooling, dropout and one linear layer; a video's views are
averaged as scores."""
import pytest
import torch

from mmvid_plugin.models.heads import LinearHead, SegmentConsensusHead


def test_views_of_a_video_are_averaged_as_scores():
    head = LinearHead(5, 8, spatial_type=None, dropout_ratio=0)
    head.init_weights()
    x = torch.randn(6, 8)
    expected = head.fc_cls(x).view(2, 3, 5).mean(dim=1)
    torch.testing.assert_close(head(x, num_segs=3), expected)


def test_maps_are_average_pooled_before_the_classifier():
    head = LinearHead(5, 8, dropout_ratio=0)
    x = torch.randn(2, 8, 3, 3)
    expected = head.fc_cls(x.mean(dim=(2, 3)))
    torch.testing.assert_close(head(x), expected)


def test_init_is_normal_with_zero_bias():
    torch.manual_seed(0)
    head = LinearHead(400, 512, init_std=0.02)
    head.init_weights()
    assert torch.count_nonzero(head.fc_cls.bias) == 0
    assert head.fc_cls.weight.std().item() == pytest.approx(0.02, rel=0.05)


def test_unknown_spatial_type_names_the_choices():
    with pytest.raises(ValueError,
                       match="LinearHead: spatial_type='max'.*'avg', None"):
        LinearHead(5, 8, spatial_type='max')


def test_average_consensus_equals_the_linear_head():
    linear = LinearHead(5, 8, dropout_ratio=0)
    consensus = SegmentConsensusHead(5, 8, consensus='avg', dropout_ratio=0)
    consensus.load_state_dict(linear.state_dict())
    x = torch.randn(6, 8, 2, 2)
    torch.testing.assert_close(consensus(x, num_segs=3), linear(x, num_segs=3))
