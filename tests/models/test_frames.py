import torch

from mmvid_plugin.models.layers import fold_time, unfold_time


def test_fold_time_puts_each_frame_in_the_batch_in_clip_order():
    x = torch.randn(2, 3, 4, 5, 6)
    folded = fold_time(x)
    assert folded.shape == (8, 3, 5, 6)
    assert torch.equal(folded[1 * 4 + 2], x[1, :, 2])


def test_unfold_time_inverts_fold_time_for_maps_and_vectors():
    x = torch.randn(2, 3, 4, 5, 6)
    assert torch.equal(unfold_time(fold_time(x), 4), x)
    vectors = torch.randn(2, 7, 4)
    assert torch.equal(unfold_time(fold_time(vectors), 4), vectors)
