"""torchvision video-ResNet checkpoints load into VideoResNet: the
torchvision layout is enumerated here from its module structure (stem
Sequential; blocks' convN = Sequential(conv builder, BN[, ReLU]); (2+1)D =
Sequential(conv 1x3x3, BN, ReLU, conv 3x1x1) with per-block midplanes;
downsample = Sequential(conv, BN); fc)."""
import pytest
import torch
from mmaction.registry import MODELS
from mmengine.registry import init_default_scope

from mmvid_plugin.convert import (convert_key, convert_torchvision_resnet,
                                  convert_torchvision_video_resnet)
from mmvid_plugin.models.layers import midplanes
from tests.conftest import REPO, run_python


def bn(prefix, c):
    return {f'{prefix}.weight': (c, ), f'{prefix}.bias': (c, ),
            f'{prefix}.running_mean': (c, ), f'{prefix}.running_var': (c, ),
            f'{prefix}.num_batches_tracked': ()}


def torchvision_shapes(arch):
    """{key: shape} of torchvision's r3d_18 / mc3_18 / r2plus1d_18 at 400
    classes."""
    shapes = {}
    if arch == 'r2plus1d_18':
        shapes['stem.0.weight'] = (45, 3, 1, 7, 7)
        shapes.update(bn('stem.1', 45))
        shapes['stem.3.weight'] = (64, 45, 3, 1, 1)
        shapes.update(bn('stem.4', 64))
    else:
        shapes['stem.0.weight'] = (64, 3, 3, 7, 7)
        shapes.update(bn('stem.1', 64))
    inplanes = 64
    for layer, planes in enumerate((64, 128, 256, 512), start=1):
        temporal = 3 if arch == 'r3d_18' or (arch == 'mc3_18' and
                                             layer == 1) else 1
        for block in range(2):
            p = f'layer{layer}.{block}'
            mid = midplanes(inplanes, planes)  # once per block
            for conv, cin in (('conv1', inplanes), ('conv2', planes)):
                if arch == 'r2plus1d_18':
                    shapes[f'{p}.{conv}.0.0.weight'] = (mid, cin, 1, 3, 3)
                    shapes.update(bn(f'{p}.{conv}.0.1', mid))
                    shapes[f'{p}.{conv}.0.3.weight'] = (planes, mid, 3, 1, 1)
                else:
                    shapes[f'{p}.{conv}.0.weight'] = (planes, cin, temporal,
                                                      3, 3)
                shapes.update(bn(f'{p}.{conv}.1', planes))
            if block == 0 and layer > 1:
                shapes[f'{p}.downsample.0.weight'] = (planes, inplanes, 1, 1,
                                                      1)
                shapes.update(bn(f'{p}.downsample.1', planes))
            inplanes = planes
    shapes['fc.weight'], shapes['fc.bias'] = (400, 512), (400, )
    return shapes


def recognizer(variant):
    init_default_scope('mmaction')
    return MODELS.build(dict(
        type='Recognizer3D',
        backbone=dict(type='VideoResNet', variant=variant, depth=18,
                      bn_eps=1e-5, block_midplanes=variant == 'r2plus1d'),
        cls_head=dict(type='I3DHead', num_classes=400, in_channels=512)))


@pytest.mark.parametrize('arch,variant', [('r3d_18', 'r3d'),
                                          ('mc3_18', 'mc3'),
                                          ('r2plus1d_18', 'r2plus1d')])
def test_torchvision_layout_loads_strictly(arch, variant):
    torch.manual_seed(0)
    state = {k: torch.randn(s) if s else torch.tensor(3)
             for k, s in torchvision_shapes(arch).items()}
    model = recognizer(variant)
    converted = convert_torchvision_video_resnet(state)
    model.load_state_dict(converted, strict=True)
    torch.testing.assert_close(model.backbone.stages[1][0].bn1.weight,
                               state['layer2.0.conv1.1.weight'])
    torch.testing.assert_close(model.cls_head.fc_cls.weight,
                               state['fc.weight'])


def test_unknown_key_is_named():
    with pytest.raises(KeyError, match="'head.weight'"):
        convert_key('head.weight')


def test_tool_writes_a_loadable_checkpoint(tmp_path):
    state = {k: torch.zeros(s) if s else torch.tensor(0)
             for k, s in torchvision_shapes('r3d_18').items()}
    source, target = tmp_path / 'tv.pth', tmp_path / 'ours.pth'
    torch.save(state, source)
    run_python([f'{REPO}/tools/convert_checkpoint.py',
                'torchvision-video-resnet', str(source), str(target)])
    loaded = torch.load(target, weights_only=True)['state_dict']
    recognizer('r3d').load_state_dict(loaded, strict=True)


def test_torchvision_resnet_layout_loads_strictly_into_recognizer2d():
    """2D torchvision ResNet keys (``conv1``, ``bn1``, ``layerX.Y.bnN``,
    ``downsample.0/1``, ``fc``) -> MMAction2 ``Recognizer2D(ResNet)``."""
    from tests.models.test_tsn_practices import torchvision_resnet_key
    init_default_scope('mmaction')
    model = MODELS.build(dict(
        type='Recognizer2D',
        backbone=dict(type='ResNet', depth=18, pretrained=None),
        cls_head=dict(type='SegmentConsensusHead', num_classes=1000,
                      in_channels=512)))
    torch.manual_seed(0)
    state = {}
    for key, value in model.state_dict().items():
        source = ('fc.' + key[len('cls_head.fc_cls.'):]
                  if key.startswith('cls_head.') else
                  torchvision_resnet_key(key[len('backbone.'):]))
        state[source] = torch.randn(value.shape) if value.dim() else value
    model.load_state_dict(convert_torchvision_resnet(state), strict=True)
    torch.testing.assert_close(model.backbone.layer2[0].downsample.bn.weight,
                               state['layer2.0.downsample.1.weight'])
    with pytest.raises(KeyError, match="'head.weight'"):
        convert_torchvision_resnet({'head.weight': torch.zeros(1)})
