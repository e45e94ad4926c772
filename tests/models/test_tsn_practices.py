"""TSN's partial BN (models/tsn_practices.py): every BatchNorm but the
first frozen."""
import torch
from torch import nn

from mmvid_plugin.models import apply_partial_bn
from tests.helpers.models import resnet18


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
