"""WindowPoolHead: PySlowFast's ResNetBasicHead (window pool, fc at every
position, mean softmax over positions at test)."""
import pytest
import torch
from torch.nn import functional as F

from mmvid_plugin.models.heads import WindowPoolHead


def test_one_position_gives_the_logits():
    head = WindowPoolHead(5, 8, pool_sizes=((2, 3, 3), ), dropout_ratio=0)
    x = torch.randn(2, 8, 2, 3, 3)
    expected = head.fc_cls(x.mean(dim=(2, 3, 4)))
    torch.testing.assert_close(head(x), expected)


def test_several_positions_average_their_softmax():
    """A 4x4 map under a 3x3 window: 2 x 2 positions, as the release's
    fully convolutional test at 256 px (8x8 map, 7x7 window)."""
    head = WindowPoolHead(5, 8, pool_sizes=((2, 3, 3), ), dropout_ratio=0)
    x = torch.randn(2, 8, 2, 4, 4)
    windows = F.avg_pool3d(x, (2, 3, 3), stride=1)  # [2, 8, 1, 2, 2]
    logits = head.fc_cls(windows.flatten(2).transpose(1, 2))
    expected = logits.softmax(-1).mean(1)
    torch.testing.assert_close(head(x).softmax(-1), expected)


def test_two_pathways_concatenate_fast_then_slow():
    head = WindowPoolHead(3, 6, pool_sizes=((1, 2, 2), (4, 2, 2)),
                          dropout_ratio=0)
    slow, fast = torch.randn(1, 4, 1, 2, 2), torch.randn(1, 2, 4, 2, 2)
    features = torch.cat([fast.mean((2, 3, 4)), slow.mean((2, 3, 4))], 1)
    torch.testing.assert_close(head((slow, fast)), head.fc_cls(features))


def test_small_maps_pool_whole_and_mismatches_are_named():
    head = WindowPoolHead(3, 4, pool_sizes=((4, 7, 7), ), dropout_ratio=0)
    x = torch.randn(1, 4, 2, 2, 2)
    torch.testing.assert_close(head(x), head.fc_cls(x.mean((2, 3, 4))))
    with pytest.raises(ValueError, match='2 pathways, 1 pool_sizes'):
        head((x, x))
