"""Inflated Inception-V1 (docs/papers.md §8): counts, endpoint shapes,
TF 'SAME' padding and two-stream I3D."""
import pytest
import torch
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.registry import init_default_scope

from mmvid_plugin.models.backbones import InceptionI3D
from mmvid_plugin.models.backbones.inception_i3d import same_padding
from mmvid_plugin.models.heads import I3DLogitsHead


def count(*modules):
    """Trainable parameters (beta-only BN keeps gamma as a frozen 1)."""
    return sum(p.numel() for m in modules for p in m.parameters()
               if p.requires_grad)


@pytest.mark.parametrize('channels,gamma,expected', [
    (3, False, 12_689_984),  # BN with beta only, as the release
    (3, True, 12_697_264),  # BN with gamma too (PyTorch ports)
    (2, False, 12_668_032)])
def test_counts_at_400_classes(channels, gamma, expected):
    with torch.device('meta'):
        net = InceptionI3D(channels, bn_affine_scale=gamma)
        head = I3DLogitsHead(400)
    assert count(net, head) == expected


ENDPOINTS = {  # (C, T, H) for a 64 x 224 x 224 input, official i3d.py
    'Conv3d_1a_7x7': (64, 32, 112), 'MaxPool3d_2a_3x3': (64, 32, 56),
    'Conv3d_2c_3x3': (192, 32, 56), 'MaxPool3d_3a_3x3': (192, 32, 28),
    'Mixed_3b': (256, 32, 28), 'Mixed_3c': (480, 32, 28),
    'MaxPool3d_4a_3x3': (480, 16, 14), 'Mixed_4e': (528, 16, 14),
    'Mixed_4f': (832, 16, 14), 'MaxPool3d_5a_2x2': (832, 8, 7),
    'Mixed_5c': (1024, 8, 7)}


@pytest.mark.parametrize('tf_same', [False, True])
def test_endpoint_shapes(tf_same):
    with torch.device('meta'):
        net = InceptionI3D(tf_same_padding=tf_same)
        x = torch.empty(1, 3, 64, 224, 224)
        for name, (c, t, h) in ENDPOINTS.items():
            assert tuple(net(x, until=name).shape) == (1, c, t, h, h), name
        logits = I3DLogitsHead(400)(net(x))
    assert tuple(logits.shape) == (1, 400)


def test_tf_same_padding_is_asymmetric_at_stride_two():
    assert same_padding(224, 7, 2) == (2, 3)
    assert same_padding(64, 3, 2) == (0, 1)
    assert same_padding(28, 3, 1) == (1, 1)


def test_logits_average_over_time_of_windowed_pools():
    head = I3DLogitsHead(5, dropout_ratio=0.0).eval()
    x = torch.randn(2, 1024, 8, 7, 7)
    pooled = torch.stack([x[:, :, t:t + 2].mean(dim=(2, 3, 4))
                          for t in range(7)], dim=2)  # 2x7x7, stride 1
    expected = (torch.einsum('kc,nct->nkt', head.logits.weight[:, :, 0, 0, 0],
                             pooled) + head.logits.bias[:, None]).mean(2)
    torch.testing.assert_close(head(x), expected, rtol=1e-4, atol=1e-5)


def two_stream_cfg():
    head = dict(type='I3DLogitsHead', num_classes=400,
                average_clips='prob')
    return dict(
        type='LateFusionRecognizer',
        streams=dict(
            rgb=dict(backbone=dict(type='InceptionI3D', in_channels=3),
                     cls_head=head),
            flow=dict(backbone=dict(type='InceptionI3D', in_channels=2),
                      cls_head=head)))


def test_two_stream_i3d_count_and_logit_sum():
    init_default_scope('mmaction')
    with torch.device('meta'):
        model = MODELS.build(two_stream_cfg())
    assert count(model) == 12_689_984 + 12_668_032  # 25.36M
    cfg = two_stream_cfg()
    for stream in cfg['streams'].values():
        stream['cls_head'].update(num_classes=3, pool_size=(1, 1, 1),
                                  dropout_ratio=0.0)
    model = MODELS.build(cfg).eval()
    inputs = dict(rgb=torch.randn(2, 1, 3, 8, 64, 64),
                  flow=torch.randn(2, 1, 2, 8, 64, 64))
    with torch.no_grad():
        parts = model.stream_scores(inputs)
        fused = model(inputs, mode='tensor')
    torch.testing.assert_close(fused, parts['rgb'] + parts['flow'])
    samples = [ActionDataSample().set_gt_label(k) for k in (1, 2)]
    losses = model.train()(inputs, samples, mode='loss')
    assert {'rgb_loss_cls', 'flow_loss_cls'} <= set(losses)
    with pytest.raises(ValueError, match=r"lack \['flow'\]"):
        model(dict(rgb=inputs['rgb']), mode='tensor')


def batch_norms(module):
    return [m for m in module.modules()
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]


def test_bn_momentum_is_an_argument_with_the_release_default():
    # Sonnet's BatchNorm decays its moving averages by 0.999 per step,
    # i.e. PyTorch momentum 0.001
    assert {m.momentum for m in batch_norms(InceptionI3D())} == {0.001}
    net = InceptionI3D(bn_momentum=0.1)
    assert {m.momentum for m in batch_norms(net)} == {0.1}
    with pytest.raises(ValueError, match='bn_momentum=1.5'):
        InceptionI3D(bn_momentum=1.5)


def test_beta_only_bn_keeps_gamma_fixed_and_converts_to_sync_bn():
    net = InceptionI3D()
    converted = torch.nn.SyncBatchNorm.convert_sync_batchnorm(net)
    norms = batch_norms(converted)
    assert norms and all(isinstance(m, torch.nn.SyncBatchNorm)
                         for m in norms)
    assert all(not m.weight.requires_grad and m.bias.requires_grad
               for m in norms)
    assert all(bool((m.weight == 1).all()) for m in norms)
    trainable = sum(p.numel() for p in converted.parameters()
                    if p.requires_grad)
    assert trainable + sum(p.numel() for p in I3DLogitsHead(400).parameters()
                           ) == 12_689_984
    # gamma keeps its checkpoint key (PyTorch ports store it)
    assert 'Conv3d_1a_7x7.bn.weight' in {
        k.replace('endpoints.', '') for k in net.state_dict()}


def test_fixed_gamma_stays_one_through_an_optimizer_step():
    net = InceptionI3D(in_channels=3)
    optimizer = torch.optim.SGD(net.parameters(), lr=1.0, weight_decay=0.1)
    net(torch.randn(2, 3, 8, 32, 32)).sum().backward()
    optimizer.step()
    assert all(bool((m.weight == 1).all()) for m in batch_norms(net))


@pytest.mark.parametrize('shape', [(2, 1024, 2, 8, 6), (2, 1024, 2, 6, 8),
                                   (2, 1024, 1, 7, 7)])
def test_logits_head_names_features_smaller_than_its_pool(shape):
    head = I3DLogitsHead(5)
    with pytest.raises(ValueError, match='smaller than pool_size'):
        head(torch.randn(*shape))
