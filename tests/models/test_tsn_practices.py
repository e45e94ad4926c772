"""TSN practices: partial BN and cross-modality initialisation through a
helper, ``init_cfg`` and ``load_from``."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.registry import init_default_scope
from torch import nn

from mmvid_plugin.engine import CrossModalityInitHook, PartialBNHook
from mmvid_plugin.models import apply_partial_bn, frozen_batch_norms
from mmvid_plugin.weights.cross_modality import cross_modality_state_dict


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


def torchvision_resnet_key(key):
    """MMAction2 ResNet key -> torchvision key, by torchvision's names
    (``conv1``, ``bn1``, ``layerX.Y.convN`` / ``bnN``, ``downsample.0/1``)."""
    key = key.replace('conv1.bn.', 'bn1.') if key.startswith(
        'conv1.bn.') else key
    for n in '123':
        key = key.replace(f'.conv{n}.conv.', f'.conv{n}.')
        key = key.replace(f'.conv{n}.bn.', f'.bn{n}.')
    key = key.replace('downsample.conv.', 'downsample.0.')
    key = key.replace('downsample.bn.', 'downsample.1.')
    return key.replace('conv1.conv.', 'conv1.', 1) if key.startswith(
        'conv1.conv.') else key


def write_torchvision_resnet50(path):
    """A torchvision-layout ResNet-50 file (ImageNet classifier included,
    no ``num_batches_tracked``) with random tensors; returns it with the
    MMAction2 key each tensor belongs to."""
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    with torch.device('meta'):
        shapes = {k: v.shape for k, v in MODELS.build(dict(
            type='ResNet', depth=50, pretrained=None)).state_dict().items()
            if not k.endswith('num_batches_tracked')}
    torch.manual_seed(0)
    state = {torchvision_resnet_key(k): torch.rand(s) + 0.5
             for k, s in shapes.items()}
    state.update({'fc.weight': torch.randn(1000, 2048),
                  'fc.bias': torch.randn(1000)})
    torch.save(state, path)
    return state, {k: torchvision_resnet_key(k) for k in shapes}


def flow_tsn_r50_runner(tmp_path, **kwargs):
    from mmengine.runner import Runner
    return Runner(
        model=dict(
            type='Recognizer2D',
            backbone=dict(type='ResNet', depth=50, in_channels=10,
                          pretrained=kwargs.pop('pretrained', None)),
            cls_head=dict(type='SegmentConsensusHead', num_classes=101,
                          in_channels=2048),
            data_preprocessor=dict(type='ActionDataPreprocessor',
                                   format_shape='NCHW')),
        work_dir=str(tmp_path / 'work'), default_scope='mmaction',
        custom_hooks=[dict(type='CrossModalityInitHook')], **kwargs)


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


def write_unrelated_checkpoint(path):
    torch.save({'state_dict': {'encoder.proj.weight': torch.zeros(4, 4)}},
               path)
    return str(path)


def test_load_from_matching_no_key_names_the_file(tmp_path):
    from mmvid_plugin.utils import CheckpointMismatchError
    path = write_unrelated_checkpoint(tmp_path / 'unrelated.pth')
    runner = flow_tsn_r50_runner(tmp_path, load_from=path)
    with pytest.raises(CheckpointMismatchError,
                       match=r'unrelated\.pth.*0 of 1 .*encoder\.proj\.weight'
                       r'.*backbone\.conv1\.conv\.weight'):
        runner.load_or_resume()


def test_init_cfg_matching_no_key_names_the_file(tmp_path):
    from mmvid_plugin.models.backbones import CNNM2048
    from mmvid_plugin.utils import CheckpointMismatchError
    path = write_unrelated_checkpoint(tmp_path / 'unrelated.pth')
    flow = CNNM2048(in_channels=20, input_size=64,
                    init_cfg=[dict(type='CrossModalityPretrained',
                                   checkpoint=path, prefix='backbone.')])
    init_default_scope('mmaction')
    with pytest.raises(CheckpointMismatchError, match=r'unrelated\.pth'):
        flow.init_weights()


def test_analysis_tools_refuse_a_checkpoint_matching_no_key(tmp_path,
                                                           tiny_data_root):
    from mmvid_plugin.engine.cli import load_model
    from mmvid_plugin.utils import CheckpointMismatchError
    from tests.conftest import write_tiny_config
    config = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root)
    path = write_unrelated_checkpoint(tmp_path / 'unrelated.pth')
    with pytest.raises(CheckpointMismatchError,
                       match=r'unrelated\.pth: 0 of 1 .*backbone\.'):
        load_model(config, path)
