"""2D -> 3D inflation and the boring-video fixed point (Carreira &
Zisserman 2017, Sec. 2.4): a clip repeating one image gives the 2D net's
activations at temporal positions the zero padding does not reach."""
import pytest
import torch
from mmaction.models.backbones import ResNet as MMActionResNet2d

from mmvid_plugin.models.backbones import InceptionI3D, VideoResNet
from mmvid_plugin.weights.inflation import (inflate_state_dict, inflate_weight,
                                            video_resnet_key_from_2d)


def test_inflate_weight_mean_and_center():
    w = torch.randn(4, 3, 3, 3)
    mean = inflate_weight(w, 5, 'mean')
    assert mean.shape == (4, 3, 5, 3, 3)
    torch.testing.assert_close(mean.sum(2), w)
    torch.testing.assert_close(mean[:, :, 0], w / 5)
    center = inflate_weight(w[:, :, None], 3, 'center')
    torch.testing.assert_close(center[:, :, 1], w)
    assert center[:, :, 0].abs().sum() == 0 and center[:, :, 2].abs().sum() == 0
    with pytest.raises(ValueError, match="method='edge'"):
        inflate_weight(w, 3, 'edge')


def relative_error(got, expected):
    return ((got - expected).norm() / expected.norm()).item()


def randomise_bn_stats(model):
    torch.manual_seed(1)
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)


def torchvision_keys(state):
    """mmaction ResNet names -> torchvision names."""
    renamed = {}
    for key, value in state.items():
        key = key.replace('downsample.conv', 'downsample.0').replace(
            'downsample.bn', 'downsample.1').replace('conv1.conv.', 'conv1.')
        key = key.replace('conv1.bn.', 'bn1.')
        for j in (1, 2, 3):
            key = key.replace(f'conv{j}.conv.', f'conv{j}.').replace(
                f'conv{j}.bn.', f'bn{j}.')
        renamed[key] = value
    return renamed


@pytest.mark.parametrize('method', ['mean', 'center'])
def test_boring_video_resnet50_to_i3d_r50(method):
    net_2d = MMActionResNet2d(depth=50, pretrained=None)
    net_2d.init_weights()
    randomise_bn_stats(net_2d)
    net_2d.eval()
    video = VideoResNet('i3d', 50, stem_temporal_stride=1,
                        pool1=((1, 3, 3), (1, 2, 2)), pool2=None,
                        nonlocal_blocks=((), (1, ), (), ())).eval()
    state, missing, unused = inflate_state_dict(
        net_2d.state_dict(), video.state_dict(),
        video_resnet_key_from_2d(video.state_dict(), 'mmaction'), method)
    assert all('stages.1.2.' in k for k in missing)  # only the NL block
    assert unused == []
    video.load_state_dict(state, strict=False)
    # torchvision layout gives the same weights
    tv_state, _, tv_unused = inflate_state_dict(
        torchvision_keys(net_2d.state_dict()), video.state_dict(),
        video_resnet_key_from_2d(video.state_dict(), 'torchvision'), method)
    assert tv_unused == [] and tv_state.keys() == state.keys()
    for key in state:
        torch.testing.assert_close(tv_state[key], state[key])
    image = torch.randn(1, 3, 32, 32)
    with torch.no_grad():
        expected = net_2d(image)  # [1, 2048, 1, 1]
        got = video(image[:, :, None].repeat(1, 1, 24, 1, 1))
    assert got.shape == (1, 2048, 24, 1, 1)
    # padding reaches 11 positions in from each end (conv1 t=5: 2, then
    # one per 3x1x1 conv: 9); positions 11 and 12 are clean
    for t in (11, 12):
        assert relative_error(got[:, :, t], expected) < 1e-5
    if method == 'mean':  # the ends see zero padding
        assert relative_error(got[:, :, 0], expected) > 1e-3
    else:  # only the central tap is non-zero: every position is exact
        assert relative_error(got[:, :, 0], expected) < 1e-5


def test_boring_video_inception_v1_to_i3d():
    net_2d = InceptionI3D(temporal=False)
    randomise_bn_stats(net_2d)
    net_2d.eval()
    i3d = InceptionI3D().eval()
    state, missing, unused = inflate_state_dict(net_2d.state_dict(),
                                                i3d.state_dict())
    assert missing == [] and unused == []
    i3d.load_state_dict(state)
    image = torch.randn(1, 3, 1, 32, 32)
    with torch.no_grad():
        expected = net_2d(image)[:, :, 0]  # [1, 1024, 1, 1]
        got = i3d(image.repeat(1, 1, 96, 1, 1))  # [1, 1024, 12, 1, 1]
    assert got.shape == (1, 1024, 12, 1, 1)
    for t in (5, 6):
        assert relative_error(got[:, :, t], expected) < 1e-5


def test_shape_mismatch_is_named():
    with pytest.raises(ValueError, match=r"cannot inflate 'w'"):
        inflate_state_dict({'w': torch.zeros(4, 3, 3, 3)},
                           {'w': torch.zeros(4, 3, 3, 5, 5)})


NL5_CONFIG = 'configs/nonlocal/i3d-nl5_r50_scratch_8xb8-32x2x1-100e_' \
    'kinetics400-rgb.py'


@pytest.fixture(scope='module')
def imagenet_like_resnet50(tmp_path_factory):
    """A torchvision-layout ResNet-50 file with a 1000-class fc."""
    torch.manual_seed(0)
    net_2d = MMActionResNet2d(depth=50, pretrained=None)
    net_2d.init_weights()
    state = torchvision_keys(net_2d.state_dict())
    state['fc.weight'], state['fc.bias'] = torch.randn(1000, 2048), \
        torch.randn(1000)
    path = tmp_path_factory.mktemp('r50') / 'resnet50.pth'
    torch.save(state, path)
    return path, state


def test_inflate_resnet_through_init_cfg(imagenet_like_resnet50):
    """``ConvertedPretrained(source='inflate-resnet')`` on an I3D-R50-NL5
    config inflates every residual tensor; the non-local blocks and the
    head keep their own init."""
    from mmvid_plugin.weights import build_model
    path, state = imagenet_like_resnet50
    init_cfg = dict(type='ConvertedPretrained', source='inflate-resnet',
                    checkpoint=str(path))
    model = build_model(NL5_CONFIG,
                        cfg_options={'model.backbone.init_cfg': init_cfg})
    model.init_weights()
    backbone = model.backbone
    torch.testing.assert_close(backbone.stem[0].weight,
                               inflate_weight(state['conv1.weight'], 5))
    # res3's block 2 sits after a non-local block in the Sequential
    torch.testing.assert_close(backbone.stages[1][3].conv1.weight,
                               inflate_weight(state['layer2.2.conv1.weight'],
                                              3))
    torch.testing.assert_close(backbone.stages[3][2].bn3.running_var,
                               state['layer4.2.bn3.running_var'])
    nonlocal_block = backbone.stages[1][2]
    assert torch.count_nonzero(nonlocal_block.norm.weight) == 0  # own init


def test_inflate_resnet_tool_needs_the_config(imagenet_like_resnet50,
                                              tmp_path):
    from tests.helpers.runs import REPO, run_python
    path, _ = imagenet_like_resnet50
    out = tmp_path / 'i3d.pth'
    result = run_python([f'{REPO}/tools/convert_checkpoint.py', '--from',
                         'inflate-resnet', str(path), str(out)], check=False)
    assert result.returncode != 0 and '--config' in result.stderr
    run_python([f'{REPO}/tools/convert_checkpoint.py', '--from',
                'inflate-resnet', str(path), str(out), '--config',
                NL5_CONFIG])
    saved = torch.load(out, weights_only=True)
    assert saved['meta']['config'] == NL5_CONFIG
    assert all(k.startswith('backbone.') for k in saved['state_dict'])


I3D_CONFIG = 'configs/i3d/i3d_inception-v1_scratch_64xb6-64x1x1-' \
    'kinetics400-rgb.py'


def test_torchvision_googlenet_inflates_into_every_i3d_tensor(tmp_path):
    """torchvision's ImageNet GoogLeNet layout (its manifest, made from
    torchvision's googlenet.py by tools/make_reference_outputs.py
    googlenet-layout) through ``init_cfg``: each I3D tensor comes from its
    GoogLeNet counterpart, every GoogLeNet tensor but the aux / fc heads
    is used, and the BN gammas load but stay fixed."""
    from mmvid_plugin.weights import build_model
    from mmvid_plugin.weights.inflation import googlenet_key
    from tests.weights.reference_check import manifest_state
    state = manifest_state('googlenet-layout', 'googlenet')
    path = tmp_path / 'googlenet.pth'  # no hash suffix: seeded values
    torch.save(state, path)
    init_cfg = dict(type='ConvertedPretrained',
                    source='inflate-inception-v1', checkpoint=str(path))
    model = build_model(I3D_CONFIG,
                        cfg_options={'model.backbone.init_cfg': init_cfg})
    model.init_weights()
    ours = model.backbone.state_dict()
    used = {googlenet_key(k) for k in ours}
    assert None not in used
    heads = {k for k in state if k.startswith(('aux1.', 'aux2.', 'fc.'))}
    assert used == set(state) - heads
    torch.testing.assert_close(
        ours['endpoints.Conv3d_1a_7x7.conv.weight'],
        inflate_weight(state['conv1.conv.weight'], 7))
    torch.testing.assert_close(  # the 3x3 of the "5x5" branch
        ours['endpoints.Mixed_3b.branch2.1.conv.weight'],
        inflate_weight(state['inception3a.branch3.1.conv.weight'], 3))
    torch.testing.assert_close(
        ours['endpoints.Mixed_5c.branch3.1.bn.running_var'],
        state['inception5b.branch4.1.bn.running_var'])
    gamma = model.backbone.endpoints['Mixed_4f'].branch0.bn.weight
    torch.testing.assert_close(gamma, state['inception4e.branch1.bn.weight'])
    assert not gamma.requires_grad
