"""The two-tower fused network (Feichtenhofer et al. 2016):
docs/papers.md §5 counts, losses, gradients and pooling."""
import pytest
import torch
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample

from tests.helpers.models import fusion_recognizer

CONV5 = 512


def count(cfg):
    with torch.device('meta'):
        model = MODELS.build(cfg)
    return sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize('layer,fusion,keep,expected', [
    ('softmax', None, True, 181_335_594),  # two full nets (181.42M recalled)
    ('relu5', dict(type='SumFusion'), False, 97_236_421),  # 97.31M
    ('relu5', dict(type='MaxFusion'), False, 97_236_421),  # 97.31M
    ('relu5', dict(type='ConcatFusion'), False, 172_733_893),  # 172.81M
    ('relu5', dict(type='ConvFusion', channels=CONV5), False,
     97_761_221),  # 97.58M recalled; + 1x1x1024x512 conv
])
def test_table1_counts_vgg_m_2048_at_101_classes(layer, fusion, keep,
                                                 expected):
    """Derived counts (all biases counted): 0.07-0.08M under the recalled
    Table 1 values for the sum, max, concatenation and softmax rows, 0.18M
    over for the conv row (97.76M vs 97.58M recalled)."""
    assert count(fusion_recognizer(layer, fusion, keep)) == expected


def test_final_vgg16_architecture_count():
    """Both VGG-16 towers kept (269,358,474) + the 3x3x3x1024x512 fusion
    conv (14,156,288)."""
    cfg = fusion_recognizer('relu5', dict(type='Conv3DFusion', channels=CONV5),
                            keep=True, tower='VGG16Tower', head_channels=4096)
    assert count(cfg) == 283_514_762
    cut = fusion_recognizer('relu5', dict(type='SumFusion'),
                            tower='VGG16Tower', head_channels=4096)
    assert count(cut) == 149_398_821


def tiny_inputs(frames=3, size=64):
    torch.manual_seed(0)
    return dict(rgb=torch.randn(2, 1, 3, frames, size, size),
                flow=torch.randn(2, 1, 20, frames, size, size))


def samples():
    return [ActionDataSample().set_gt_label(label) for label in (1, 4)]


def build_small(layer, fusion, keep=False, pooling='3d', head_channels=2048,
                **recognizer_kw):
    cfg = fusion_recognizer(layer, fusion, keep, pooling=pooling,
                            head_channels=head_channels, num_classes=5,
                            recognizer_kw=recognizer_kw, input_size=64)
    model = MODELS.build(cfg)
    model.init_weights()
    return model


FUSIONS = [
    ('relu5', dict(type='SumFusion'), 2048),
    ('relu5', dict(type='MaxFusion'), 2048),
    ('relu5', dict(type='ConcatFusion'), 2048),
    ('relu5', dict(type='ConvFusion', channels=CONV5), 2048),
    ('relu5', dict(type='BilinearFusion'), CONV5 * CONV5),
    ('relu5', dict(type='Conv3DFusion', channels=CONV5), 2048),
    ('relu3', dict(type='ConvFusion', channels=CONV5), 2048),
    ('relu2', dict(type='SumFusion'), 2048),
    ('fc6', dict(type='SumFusion'), 2048),
    ('fc7', dict(type='ConcatFusion'), 2 * 2048),
]


@pytest.mark.parametrize('layer,fusion,head_channels', FUSIONS,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_fused_loss_reaches_both_towers(layer, fusion, head_channels):
    model = build_small(layer, fusion, head_channels=head_channels)
    losses = model(tiny_inputs(), samples(), mode='loss')
    assert set(k for k in losses if 'loss' in k) == {'loss_cls'}
    losses['loss_cls'].backward()
    for tower in (model.spatial, model.temporal):
        grad = tower.features[0].weight.grad
        assert grad is not None and grad.abs().sum() > 0


def test_conv5_fusion_with_kept_temporal_tower_returns_both_losses():
    """The paper's final architecture on VGG-M-2048 towers: 3D conv fusion
    + 3D pooling + kept temporal tower, two losses."""
    model = build_small('relu5', dict(type='Conv3DFusion', channels=CONV5),
                        keep=True)
    losses = model(tiny_inputs(), samples(), mode='loss')
    assert {'loss_cls', 'temporal_loss_cls'} <= set(losses)
    losses['temporal_loss_cls'].backward()
    assert model.spatial.features[0].weight.grad is None  # temporal only
    assert model.temporal.features[0].weight.grad.abs().sum() > 0
    model.eval()
    with torch.no_grad():
        feats = model.extract_feat(tiny_inputs())
        fused, temporal = model.scores(feats)
        both = model(tiny_inputs(), mode='tensor')
    torch.testing.assert_close(both, (fused + temporal) / 2)  # fc8 fusion


CONVS = (0, 4, 8, 10, 12)  # conv1..conv5 in CNNM2048.features


def conv_grads(tower):
    """Whether each of conv1..conv5 received a non-zero gradient."""
    grads = [tower.features[i].weight.grad for i in CONVS]
    return [g is not None and bool(g.abs().sum() > 0) for g in grads]


def test_backprop_depth_stops_both_losses_below_the_fusion_point():
    """The release's backpropDepth = 'relu5_3_spatial': with both towers
    fused at relu5, no conv of either tower gets a gradient, while the
    fusion, the fused tower's fc6 and the temporal tower's fc6 do."""
    model = build_small('relu5', dict(type='Conv3DFusion', channels=CONV5),
                        keep=True, backprop_depth='relu5')
    losses = model(tiny_inputs(), samples(), mode='loss')
    (losses['loss_cls'] + losses['temporal_loss_cls']).backward()
    assert conv_grads(model.spatial) == [False] * 5
    assert conv_grads(model.temporal) == [False] * 5
    assert model.fusion.conv.weight.grad.abs().sum() > 0
    for tower in (model.spatial, model.temporal):
        assert tower.classifier[1].weight.grad.abs().sum() > 0


def test_backprop_depth_below_the_fusion_point_and_spatial_only():
    model = build_small('relu5', dict(type='ConvFusion', channels=CONV5),
                        backprop_depth='relu3',
                        backprop_depth_towers=('spatial', ))
    model(tiny_inputs(), samples(), mode='loss')['loss_cls'].backward()
    # conv1..conv3 frozen in the spatial tower; conv4, conv5 still train
    assert conv_grads(model.spatial) == [False, False, False, True, True]
    assert conv_grads(model.temporal) == [True] * 5


def test_default_trains_every_conv_of_both_towers():
    model = build_small('relu5', dict(type='ConvFusion', channels=CONV5))
    assert model.backprop_depth is None
    model(tiny_inputs(), samples(), mode='loss')['loss_cls'].backward()
    assert conv_grads(model.spatial) == [True] * 5
    assert conv_grads(model.temporal) == [True] * 5


@pytest.mark.parametrize('pooling,positions', [('2d', 3), ('3d', 1)])
def test_pooling_after_fusion(pooling, positions):
    model = build_small('relu5', dict(type='SumFusion'),
                        pooling=pooling).eval()
    with torch.no_grad():
        features, segs = model.extract_feat(tiny_inputs(frames=3))['fused']
    assert segs == positions and features.shape == (2 * positions, 2048)
    predictions = model(tiny_inputs(), samples(), mode='predict')
    assert predictions[0].pred_score.shape == (5, )


def test_configuration_errors_are_named():
    torch.set_default_device('meta')
    try:
        check_configuration_errors()
    finally:
        torch.set_default_device('cpu')


def check_configuration_errors():
    with pytest.raises(ValueError, match="fusion_layer='relu9'"):
        MODELS.build(fusion_recognizer('relu9', dict(type='SumFusion')))
    with pytest.raises(ValueError, match='needs temporal_head'):
        MODELS.build(fusion_recognizer('softmax', None, keep=False))
    with pytest.raises(ValueError, match='needs a fusion module'):
        MODELS.build(fusion_recognizer('relu5', None))
    with pytest.raises(ValueError, match="pooling='4d'"):
        MODELS.build(fusion_recognizer('relu5', dict(type='SumFusion'),
                                       pooling='4d'))
    with pytest.raises(ValueError, match="backprop_depth='relu5' lies above"):
        MODELS.build(fusion_recognizer(
            'relu3', dict(type='SumFusion'),
            recognizer_kw=dict(backprop_depth='relu5')))
    with pytest.raises(ValueError, match="backprop_depth='conv5'"):
        MODELS.build(fusion_recognizer(
            'relu5', dict(type='SumFusion'),
            recognizer_kw=dict(backprop_depth='conv5')))
    with pytest.raises(ValueError, match='backprop_depth_towers'):
        MODELS.build(fusion_recognizer(
            'relu5', dict(type='SumFusion'),
            recognizer_kw=dict(backprop_depth='relu5',
                               backprop_depth_towers=('rgb', ))))
