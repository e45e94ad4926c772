"""Folding inference BN into the convolution before it: same outputs, no
BN left where a conv feeds it, nothing folded where that would change the
result."""
import pytest
import torch
from torch import nn

from mmvid_plugin.models.backbones import SlowFastResNet, VideoResNet
from mmvid_plugin.models.layers.batch_norm_folding import fold_batch_norm


def _with_statistics(net: nn.Module) -> nn.Module:
    torch.manual_seed(0)
    for m in net.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
    return net.eval()


def _norms(net):
    return sum(isinstance(m, nn.modules.batchnorm._BatchNorm)
               for m in net.modules())


@pytest.mark.parametrize('build,shape', [
    (lambda: VideoResNet('r2plus1d', 18, base_channels=16),
     (1, 3, 8, 32, 32)),
    (lambda: VideoResNet('i3d', 50, base_channels=16), (1, 3, 8, 32, 32)),
    (lambda: SlowFastResNet(alpha=4, beta_inv=4, base_channels=16),
     (1, 3, 8, 32, 32)),
])
def test_backbones_fold_every_bn_and_agree(build, shape):
    net = _with_statistics(build())
    x = torch.randn(shape)
    with torch.no_grad():
        before = net(x)
    norms = _norms(net)
    assert fold_batch_norm(net, x) == norms
    assert _norms(net) == 0
    with torch.no_grad():
        after = net(x)
    for a, b in zip(before if isinstance(before, tuple) else (before, ),
                    after if isinstance(after, tuple) else (after, )):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-4)


def test_bn_not_fed_by_a_conv_stays():
    net = _with_statistics(nn.Sequential(
        nn.BatchNorm3d(4), nn.ReLU(), nn.Conv3d(4, 4, 1), nn.ReLU(),
        nn.BatchNorm3d(4)))
    assert fold_batch_norm(net, torch.randn(1, 4, 2, 5, 5)) == 0
    assert _norms(net) == 2


class ConvReadTwice(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv, self.bn = nn.Conv3d(4, 4, 1), nn.BatchNorm3d(4)

    def forward(self, x):
        y = self.conv(x)
        return self.bn(y) + y


def test_conv_output_read_elsewhere_is_refused_and_restored():
    net = _with_statistics(ConvReadTwice())
    x = torch.randn(1, 4, 2, 5, 5)
    with torch.no_grad():
        before = net(x)
    weight = net.conv.weight
    with pytest.raises(RuntimeError, match='disagrees'):
        fold_batch_norm(net, x)
    assert isinstance(net.bn, nn.BatchNorm3d) and net.conv.weight is weight
    with torch.no_grad():
        torch.testing.assert_close(net(x), before)


def test_training_mode_is_refused():
    net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4))
    with pytest.raises(RuntimeError, match='model.eval'):
        fold_batch_norm(net, torch.randn(1, 3, 8, 8))
