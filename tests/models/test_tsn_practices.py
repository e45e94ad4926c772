"""TSN practices: partial BN and cross-modality initialisation through a
helper, ``init_cfg`` and ``load_from``."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.registry import init_default_scope
from torch import nn

from mmvid_plugin.engine import CrossModalityInitHook, PartialBNHook
from mmvid_plugin.models import (apply_partial_bn, cross_modality_state_dict,
                                 frozen_batch_norms)


def resnet18(**kwargs):
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    return MODELS.build(dict(type='ResNet', depth=18, pretrained=None,
                             **kwargs))


def test_partial_bn_freezes_all_but_the_first_norm():
    model = resnet18()
    model.train()
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    assert apply_partial_bn(model) == len(norms) - 1
    first, rest = norms[0], norms[1:]
    assert first.training and first.weight.requires_grad
    assert all(not n.training and not n.weight.requires_grad for n in rest)
    before = [n.running_mean.clone() for n in norms]
    model(torch.randn(2, 3, 64, 64))
    assert not torch.equal(before[0], first.running_mean)
    assert all(torch.equal(b, n.running_mean)
               for b, n in zip(before[1:], rest))


def test_partial_bn_hook_reapplies_after_train_mode():
    model = resnet18()
    runner = SimpleNamespace(model=model, logger=SimpleNamespace(
        info=lambda message: None))
    hook = PartialBNHook()
    hook.before_train(runner)
    model.train()  # as the loops do around validation
    hook.before_train_iter(runner, 0)
    assert all(not n.training for n in frozen_batch_norms(model))


def rgb_state():
    torch.manual_seed(0)
    return {'conv1.weight': torch.randn(4, 3, 3, 3), 'fc.weight':
            torch.randn(2, 4)}


def test_cross_modality_mean_is_replicated_not_rescaled():
    state = rgb_state()
    target = {'conv1.weight': torch.zeros(4, 10, 3, 3),
              'fc.weight': torch.zeros(2, 4)}
    adapted, keys = cross_modality_state_dict(state, target)
    assert keys == ['conv1.weight']
    mean = state['conv1.weight'].mean(dim=1, keepdim=True)
    torch.testing.assert_close(adapted['conv1.weight'],
                               mean.expand(-1, 10, -1, -1))
    assert adapted['fc.weight'] is state['fc.weight']


def test_cross_modality_through_init_cfg(tmp_path):
    """Backbones that honour ``init_cfg`` (MMAction2's ResNet uses
    ``pretrained`` instead: use ``load_from`` + CrossModalityInitHook)."""
    from mmvid_plugin.models.backbones import CNNM2048
    rgb = CNNM2048(input_size=64)
    path = tmp_path / 'rgb.pth'
    torch.save({'state_dict': {f'backbone.{k}': v
                               for k, v in rgb.state_dict().items()}}, path)
    flow = CNNM2048(in_channels=20, input_size=64, lrn_after_conv2=False,
                    init_cfg=[dict(type='Kaiming', layer='Conv2d'),
                              dict(type='CrossModalityPretrained',
                                   checkpoint=str(path), prefix='backbone.')])
    init_default_scope('mmaction')
    flow.init_weights()
    expected = rgb.features[0].weight.mean(dim=1, keepdim=True).expand(
        -1, 20, -1, -1)
    torch.testing.assert_close(flow.features[0].weight.data, expected)
    torch.testing.assert_close(flow.classifier[1].weight.data,
                               rgb.classifier[1].weight.data)


def test_cross_modality_through_load_from(tmp_path):
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    rgb = MODELS.build(dict(type='TinyVideoConvNet', widths=(4, 8),
                                     temporal_kernels=(3, 3)))
    state = {f'backbone.{k}': v for k, v in rgb.state_dict().items()}
    flow = nn.Module()
    flow.backbone = MODELS.build(dict(type='TinyVideoConvNet', in_channels=2,
                                      widths=(4, 8),
                                      temporal_kernels=(3, 3)))
    checkpoint = {'state_dict': dict(state)}
    CrossModalityInitHook().after_load_checkpoint(
        SimpleNamespace(model=flow), checkpoint)
    flow.load_state_dict(checkpoint['state_dict'])
    first = 'backbone.layers.0.weight'
    expected = state[first].mean(dim=1, keepdim=True).expand(-1, 2, -1, -1,
                                                             -1)
    torch.testing.assert_close(flow.state_dict()[first], expected)


@pytest.mark.parametrize('name', ['PartialBNHook', 'CrossModalityInitHook'])
def test_hooks_are_registered(name):
    from mmaction.registry import HOOKS
    assert HOOKS.get(name) is not None
