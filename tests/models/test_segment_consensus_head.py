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


def test_tencrop_views_are_crop_major_with_time_inside():
    """The layout the weighted consensus relies on, from MMAction2's own
    transforms: 25 segments x TenCrop -> view v has segment v % 25."""
    import numpy as np
    from mmaction.registry import TRANSFORMS
    from mmengine.registry import init_default_scope
    init_default_scope('mmaction')
    frames = [np.full((40, 48, 3), t, np.uint8) for t in range(25)]
    results = dict(imgs=frames, img_shape=(40, 48), modality='RGB',
                   num_clips=25, clip_len=1)
    for transform in (dict(type='FlowAwareTenCrop', crop_size=32),
                      dict(type='FormatShape', input_format='NCHW'),
                      dict(type='PackActionInputs',
                           meta_keys=('img_shape', 'num_clips'))):
        results = TRANSFORMS.build(transform)(results)
    views = results['inputs']  # [250, 3, 32, 32]
    assert views.shape == (250, 3, 32, 32)
    segment = views[:, 0, 0, 0].long()
    torch.testing.assert_close(segment, torch.arange(250) % 25)
    assert results['data_samples'].metainfo['num_clips'] == 25


def views(score_of, clips, crops):
    """[crops * clips, 10] inputs (crop-major) whose class scores are
    ``score_of(crop, clip)`` through an identity classifier."""
    rows = [score_of(c, t) for c in range(crops) for t in range(clips)]
    return torch.stack(rows)


def weighted_head(weights=(0.6, 0.3, 0.1)):
    """Weighted consensus over K=3 segments with an identity classifier."""
    module = SegmentConsensusHead(10, 10, consensus='weighted',
                                  num_segments=len(weights),
                                  spatial_type=None, dropout_ratio=0.0,
                                  average_clips='prob')
    with torch.no_grad():
        module.segment_weights.copy_(torch.tensor(weights))
        module.fc_cls.weight.copy_(torch.eye(10))
        module.fc_cls.bias.zero_()
    return module.eval()


@pytest.mark.parametrize('crops', [10, 3])  # TenCrop, ThreeCrop
def test_weighted_consensus_weights_time_not_crops(crops):
    module = weighted_head()
    torch.manual_seed(0)
    per_clip = torch.randn(25, 10)
    x = views(lambda c, t: per_clip[t], clips=25, crops=crops)
    time_weights = module.weights_for(25)  # over the 25 segments
    expected = (time_weights[:, None] * per_clip).sum(0, keepdim=True)
    torch.testing.assert_close(
        module(x, num_segs=25 * crops, num_clips=25), expected)

    per_crop = torch.randn(crops, 10)
    x = views(lambda c, t: per_crop[c], clips=25, crops=crops)
    equal = per_crop.mean(0, keepdim=True) * time_weights.sum()
    torch.testing.assert_close(
        module(x, num_segs=25 * crops, num_clips=25), equal)


def test_weighted_consensus_reads_num_clips_from_data_samples():
    from mmaction.structures import ActionDataSample
    module = weighted_head()
    x = torch.randn(2 * 250, 10)
    samples = [ActionDataSample(metainfo=dict(num_clips=25))
               for _ in range(2)]
    scores = torch.stack([s.pred_score for s in module.predict(
        x, samples, num_segs=250)])
    time_weights = module.weights_for(25)[:, None]
    expected = torch.stack([(time_weights * views.view(10, 25, 10)).sum(1)
                            .mean(0) for views in x.view(2, 250, 10)])
    torch.testing.assert_close(scores, expected.softmax(dim=1))


def test_weighted_consensus_refuses_views_it_cannot_split():
    module = weighted_head()
    x = torch.randn(250, 10)
    with pytest.raises(ValueError, match="num_segs=250.*'num_clips'.*"
                       'PackActionInputs'):
        module(x, num_segs=250)
    with pytest.raises(ValueError, match='num_segs=250.*num_clips=24'):
        module(x, num_segs=250, num_clips=24)
