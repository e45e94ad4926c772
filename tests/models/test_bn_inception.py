"""BN-Inception as the TSN release's
``models/ucf101/tsn_bn_inception_{rgb,flow}_train_val.prototxt``: parameter
counts, layer sizes, partial BN, cross-modality init and its solver's
per-layer learning rates."""
import math
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from torch import nn

from mmvid_plugin.models import apply_partial_bn, frozen_batch_norms
from mmvid_plugin.models.backbones import BNInception
from mmvid_plugin.weights.cross_modality import cross_modality_state_dict
from tests.helpers.runs import REPO
from tests.helpers.models import count_parameters

CONFIGS = {
    'rgb': 'tsn_bninception_imagenet-pretrained_4xb32-1x1x3-3500it_'
           'ucf101-split1-rgb.py',
    'flow': 'tsn_bninception_imagenet-pretrained_4xb32-5x1x3-18000it_'
            'ucf101-split1-flow.py',
    'rgbdiff': 'tsn_bninception_imagenet-pretrained_4xb32-6x1x3-18000it_'
               'ucf101-split1-rgbdiff.py',
}
# (channels, side) of every endpoint for a 224 input, from the prototxt's
# layer specs with Caffe's rounded-up pooling
RELEASE_SIZES = {
    'conv1': (64, 112), 'pool1': (64, 56), 'conv2_reduce': (64, 56),
    'conv2': (192, 56), 'pool2': (192, 28), 'inception_3a': (256, 28),
    'inception_3b': (320, 28), 'inception_3c': (576, 14),
    'inception_4a': (576, 14), 'inception_4b': (576, 14),
    'inception_4c': (608, 14), 'inception_4d': (608, 14),
    'inception_4e': (1056, 7), 'inception_5a': (1024, 7),
    'inception_5b': (1024, 7),
}


def config(modality):
    return Config.fromfile(osp.join(REPO, 'configs', 'tsn', CONFIGS[modality]))


@pytest.mark.parametrize('modality,expected', [
    ('rgb', 10_373_765), ('flow', 10_395_717),
    # RGB plus conv1's 12 extra input channels: 64 x 12 x 7 x 7
    ('rgbdiff', 10_373_765 + 64 * 12 * 7 * 7)])
def test_parameter_counts_match_release(modality, expected):
    """Conv weights and biases, BN scale and shift, fc-action: counted
    layer by layer from the release prototxts at 101 classes."""
    cfg = config(modality)
    assert cfg.model.cls_head.num_classes == 101
    assert count_parameters(cfg.model) == expected


def test_layers_are_the_release_layers():
    with torch.device('meta'):
        model = BNInception()
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    assert len(convs) == len(norms) == 69
    assert all(conv.bias is not None for conv in convs)  # no bias_term: false
    assert model.conv1.conv.weight.shape == (64, 3, 7, 7)
    assert model.out_channels == 1024


def test_output_and_endpoint_sizes_at_224():
    model = BNInception().eval()
    sizes = {}
    for name in model.endpoints:
        getattr(model, name).register_forward_hook(
            lambda module, args, out, name=name: sizes.__setitem__(
                name, (out.shape[1], out.shape[2])))
    with torch.no_grad():
        out = model(torch.randn(1, 3, 224, 224))
    assert out.shape == (1, 1024, 7, 7)
    assert sizes == RELEASE_SIZES
    with torch.no_grad():
        early = model(torch.randn(1, 3, 224, 224), until='inception_3c')
    assert early.shape == (1, 576, 14, 14)


def test_release_fillers_without_init_cfg():
    model = BNInception()
    model.init_weights()
    conv = model.inception_4a.branch_3x3.conv3x3.conv
    bound = math.sqrt(3 / (conv.in_channels * 3 * 3))
    assert conv.weight.abs().max() <= bound
    assert conv.weight.abs().max() > 0.9 * bound
    assert torch.all(conv.bias == 0.2)
    assert torch.all(model.conv1.bn.weight == 1)


def test_partial_bn_trains_only_conv1_bn():
    torch.manual_seed(0)
    model = BNInception()
    model.train()
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    assert apply_partial_bn(model) == 68
    first, rest = model.conv1.bn, norms[1:]
    assert norms[0] is first
    assert first.training and first.weight.requires_grad
    assert all(not n.training and not n.weight.requires_grad
               and not n.bias.requires_grad for n in rest)
    before = [n.running_mean.clone() for n in norms]
    model(torch.randn(2, 3, 64, 64))
    assert not torch.equal(before[0], first.running_mean)
    assert all(torch.equal(b, n.running_mean)
               for b, n in zip(before[1:], rest))


@pytest.mark.parametrize('modality', ['rgb', 'flow', 'rgbdiff'])
def test_configs_apply_partial_bn_to_conv1_bn(modality):
    from mmaction.registry import MODELS
    cfg = config(modality)
    hooks = [h['type'] for h in cfg.custom_hooks]
    assert 'PartialBNHook' in hooks
    assert ('CrossModalityInitHook' in hooks) == (modality != 'rgb')
    with torch.device('meta'):
        model = MODELS.build(cfg.model)
    frozen = frozen_batch_norms(model)
    assert len(frozen) == 68
    assert all(norm is not model.backbone.conv1.bn for norm in frozen)


@pytest.fixture(scope='module')
def rgb_state():
    torch.manual_seed(0)
    return BNInception().state_dict()


@pytest.mark.parametrize('channels', [10, 15])
def test_cross_modality_init_from_rgb_bn_inception(rgb_state, channels):
    target = BNInception(in_channels=channels)
    adapted, keys = cross_modality_state_dict(rgb_state, target.state_dict())
    assert keys == ['conv1.conv.weight']
    target.load_state_dict(adapted)
    mean = rgb_state['conv1.conv.weight'].mean(dim=1, keepdim=True)
    torch.testing.assert_close(target.conv1.conv.weight.data,
                               mean.expand(-1, channels, -1, -1))
    key = 'inception_5b.branch_pool.proj.conv.weight'
    torch.testing.assert_close(target.state_dict()[key], rgb_state[key])


def test_bad_arguments_raise_named_errors():
    with pytest.raises(ValueError, match=r'BNInception: in_channels=0;.*'
                                         r'positive int'):
        BNInception(in_channels=0)
    with torch.device('meta'):
        model = BNInception()
    with pytest.raises(ValueError, match=r"BNInception: until='inception_6a'"
                                         r".*'inception_5b'"):
        model(torch.empty(1, 3, 224, 224, device='meta'), until='inception_6a')


@pytest.mark.parametrize('modality,conv1_mults', [
    ('rgb', (1, 2)), ('flow', (5, 10)), ('rgbdiff', (1, 2))])
def test_solver_learning_rate_and_decay_multipliers(modality, conv1_mults):
    """Per-layer ``param`` blocks of the train_val prototxts: biases 2x lr
    and no decay, BN no decay, flow conv1/7x7_s2 5x (bias 10x)."""
    from mmaction.registry import MODELS
    from mmengine.optim import build_optim_wrapper
    cfg = config(modality)
    with torch.device('meta'):
        model = MODELS.build(cfg.model)
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    groups = {id(p): g for g in wrapper.optimizer.param_groups
              for p in g['params']}
    lr, wd = cfg.optim_wrapper.optimizer.lr, 5e-4

    def lr_wd(param):
        return groups[id(param)]['lr'], groups[id(param)]['weight_decay']

    backbone = model.backbone
    assert lr_wd(backbone.conv1.conv.weight) == pytest.approx(
        (conv1_mults[0] * lr, wd))
    assert lr_wd(backbone.conv1.conv.bias) == pytest.approx(
        (conv1_mults[1] * lr, 0))
    conv = backbone.inception_4d.branch_double_3x3.conv3x3_2.conv
    assert lr_wd(conv.weight) == pytest.approx((lr, wd))
    assert lr_wd(conv.bias) == pytest.approx((2 * lr, 0))
    norm = backbone.conv1.bn  # the one BN that trains under partial BN
    assert lr_wd(norm.weight) == pytest.approx((lr, 0))
    assert lr_wd(norm.bias) == pytest.approx((lr, 0))
    assert lr_wd(model.cls_head.fc_cls.bias) == pytest.approx((2 * lr, 0))
