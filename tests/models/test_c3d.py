"""C3D with the release's pooling (Caffe ceil mode, pool5 unpadded) and the
I3D paper's C3D + BN."""
import pytest
import torch
from mmaction.models.backbones import C3D

from mmvid_plugin.models.backbones import C3DBatchNorm, C3DCaffe


def caffe_max_pool(row, kernel=2, stride=2):
    """C3D-v1.0 pool3d_layer.cpp: ceil((L - k) / s) + 1 windows starting at
    i * s, clipped to the input, no padding."""
    count = -(-(len(row) - kernel) // stride) + 1
    return [max(row[i * stride:i * stride + kernel]) for i in range(count)]


def test_pool5_windows_are_the_releases():
    ramp = torch.arange(49.0).view(1, 1, 1, 7, 7).expand(1, 1, 2, 7, 7)
    pooled = C3DCaffe().pool5(ramp)[0, 0, 0]
    expected = [caffe_max_pool(row) for row in ramp[0, 0, 0].tolist()]
    expected = [caffe_max_pool(col) for col in zip(*expected)]  # columns
    assert pooled.t().tolist() == expected
    assert pooled[0].tolist() == [8.0, 10.0, 12.0, 13.0]
    # MMAction2's padded pool5 gives the same size, shifted windows
    shifted = C3D().pool5(ramp)[0, 0, 0]
    assert shifted.shape == pooled.shape and shifted[0].tolist() == \
        [0.0, 2.0, 4.0, 6.0]


@pytest.mark.parametrize('net', [C3DCaffe, C3DBatchNorm])
def test_same_keys_and_shapes_as_mmaction_c3d(net):
    with torch.device('meta'):
        ours = net().state_dict()
        theirs = C3D().state_dict()
        out = net()(torch.empty(2, 3, 16, 112, 112))
    if net is C3DCaffe:
        assert {k: v.shape for k, v in ours.items()} == \
            {k: v.shape for k, v in theirs.items()}
    assert tuple(out.shape) == (2, 4096)
