"""The hooks: NonFiniteLossGuardHook stops a diverged run with a clear
error; PartialBNHook keeps TSN's partial BN through the run;
CrossModalityInitHook adapts RGB weights to flow under ``load_from`` and
``pretrained``."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.registry import init_default_scope
from torch import nn

from mmvid_plugin.engine import (CrossModalityInitHook, NonFiniteLossGuardHook,
                                 PartialBNHook)
from mmvid_plugin.models import frozen_batch_norms
from tests.helpers.models import resnet18, write_torchvision_resnet50
from tests.helpers.runs import flow_tsn_r50_runner


def runner():
    return SimpleNamespace(iter=41, epoch=2, work_dir='/tmp/run')


def test_raises_on_nan_loss_naming_iteration_and_work_dir():
    hook = NonFiniteLossGuardHook()
    hook.after_train_iter(runner(), 0, outputs={'loss': torch.tensor(1.0)})
    with pytest.raises(FloatingPointError, match=r'iteration 42 \(epoch 3\)'
                       r'.*loss terms: loss_cls=nan, loss_aux=0\.5.*/tmp/run'):
        hook.after_train_iter(runner(), 1, outputs={
            'loss': torch.tensor(float('nan')),
            'loss_cls': torch.tensor(float('nan')),
            'loss_aux': torch.tensor(0.5), 'top1_acc': torch.tensor(0.1)})


def test_patience_counts_consecutive_iterations_only():
    hook = NonFiniteLossGuardHook(patience=1)
    inf = {'loss': torch.tensor(float('inf'))}
    hook.after_train_iter(runner(), 0, outputs=inf)
    hook.after_train_iter(runner(), 1, outputs={'loss': 0.5})  # resets
    hook.after_train_iter(runner(), 2, outputs=inf)
    with pytest.raises(FloatingPointError, match='2 consecutive'):
        hook.after_train_iter(runner(), 3, outputs=inf)


def test_rejects_negative_patience():
    with pytest.raises(ValueError, match='patience=-1'):
        NonFiniteLossGuardHook(patience=-1)


def test_registered_for_configs():
    from mmaction.registry import HOOKS
    hook = HOOKS.build(dict(type='NonFiniteLossGuardHook', patience=3))
    assert hook.patience == 3


def test_partial_bn_hook_reapplies_after_train_mode():
    model = resnet18()
    runner = SimpleNamespace(model=model, logger=SimpleNamespace(
        info=lambda message: None))
    hook = PartialBNHook()
    hook.before_train(runner)
    model.train()  # as the loops do around validation
    hook.before_train_iter(runner, 0)
    assert all(not n.training for n in frozen_batch_norms(model))


def test_partial_bn_hook_freezes_before_the_run_without_a_wrapper():
    model = resnet18()
    runner = SimpleNamespace(model=model)
    PartialBNHook().before_run(runner)
    assert runner.model is model
    assert not any(p.requires_grad for n in frozen_batch_norms(model)
                   for p in n.parameters())


def test_partial_bn_hook_rejects_a_wrapper_it_cannot_rebuild():
    from mmengine.model import MMSeparateDistributedDataParallel
    wrapper = MMSeparateDistributedDataParallel.__new__(
        MMSeparateDistributedDataParallel)
    nn.Module.__init__(wrapper)
    wrapper.module = resnet18()
    with pytest.raises(TypeError, match='MMSeparateDistributedDataParallel'
                       '.*expected no wrapper, DistributedDataParallel'):
        PartialBNHook().before_run(SimpleNamespace(model=wrapper))


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


def assert_initialised_from(backbone, state, keys):
    rgb = state['conv1.weight']
    torch.testing.assert_close(
        backbone.conv1.conv.weight.data,
        rgb.mean(dim=1, keepdim=True).expand(-1, 10, -1, -1))
    loaded = backbone.state_dict()
    for ours, theirs in keys.items():
        if ours != 'conv1.conv.weight':
            torch.testing.assert_close(loaded[ours], state[theirs], msg=ours)


def test_torchvision_resnet50_file_initialises_flow_tsn_through_load_from(
        tmp_path):
    path = tmp_path / 'resnet50-imagenet.pth'
    state, keys = write_torchvision_resnet50(path)
    runner = flow_tsn_r50_runner(tmp_path, load_from=str(path))
    runner.load_or_resume()
    assert_initialised_from(runner.model.backbone, state, keys)


def test_torchvision_resnet50_file_initialises_flow_tsn_through_pretrained(
        tmp_path):
    """MMAction2's ResNet skips the conv1 of another shape; the hook fills
    it from the same file before training."""
    path = tmp_path / 'resnet50-imagenet.pth'
    state, keys = write_torchvision_resnet50(path)
    runner = flow_tsn_r50_runner(tmp_path, pretrained=str(path))
    runner.model.init_weights()
    (hook, ) = [h for h in runner.hooks
                if isinstance(h, CrossModalityInitHook)]
    hook.before_train(runner)
    assert_initialised_from(runner.model.backbone, state, keys)


@pytest.mark.parametrize('name', ['PartialBNHook', 'CrossModalityInitHook'])
def test_hooks_are_registered(name):
    from mmaction.registry import HOOKS
    assert HOOKS.get(name) is not None
