"""Models built from configs for counting, the paper tables they are
checked against, and small models and weight files tests build on."""
import torch
from mmengine.registry import init_default_scope

# R(2+1)D (Tran et al., CVPR 2018) Table 2: (variant, exact count with BN
# and a 400-class fc at ResNet-18, L = 8, the paper's value in millions as
# recalled); VMZ's zoo (no BN, 0.1M) and the paper agree within 0.1M with
# every row (MC5: 16.86M here, 16.8 zoo, 16.9 paper); docs/papers.md §9
TABLE2 = [('r2d', 11_447_568, 11.4), ('f-r2d', 11_381_712, 11.4),
          ('r3d', 33_371_472, 33.4), ('mc2', 11_400_528, 11.4),
          ('mc3', 11_695_440, 11.7), ('mc4', 12_727_632, 12.7),
          ('mc5', 16_856_400, 16.9), ('rmc2', 33_352_656, 33.3),
          ('rmc3', 33_057_744, 33.0), ('rmc4', 32_025_552, 32.0),
          ('rmc5', 27_896_784, 27.9), ('r2plus1d', 33_370_839, 33.3)]


def count_parameters(model_cfg, trainable_only=False):
    """Parameters of the model built from ``model_cfg`` (on the meta device:
    no memory, no init time); ``trainable_only`` leaves out constants kept
    as frozen parameters (I3D's fixed BN gamma)."""
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    with torch.device('meta'):
        model = MODELS.build(model_cfg)
    return sum(p.numel() for p in model.parameters()
               if p.requires_grad or not trainable_only)


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


def linear_head(in_channels=2048, num_classes=101):
    """A plain linear head averaging the scores of every time position."""
    return dict(type='LinearHead', num_classes=num_classes,
                in_channels=in_channels, spatial_type=None,
                dropout_ratio=0.0, average_clips='prob')


def fusion_recognizer(layer='relu5', fusion=None, keep=False,
                      tower='CNNM2048', head_channels=2048, pooling='3d',
                      num_classes=101, recognizer_kw=None, **tower_kw):
    """A ``TwoStreamFusionRecognizer`` config: two ``tower`` s fused at
    ``layer``, the temporal one kept with its own head when ``keep``."""
    init_default_scope('mmaction')
    head = linear_head(head_channels, num_classes)
    return dict(
        type='TwoStreamFusionRecognizer',
        spatial_backbone=dict(type=tower, in_channels=3, **tower_kw),
        temporal_backbone=dict(type=tower, in_channels=20, **tower_kw),
        fusion_layer=layer, fusion=fusion, pooling=pooling,
        cls_head=head, temporal_head=dict(head) if keep else None,
        **(recognizer_kw or {}))


def resnet18(**kwargs):
    """MMAction2's ResNet-18 (random init)."""
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    return MODELS.build(dict(type='ResNet', depth=18, pretrained=None,
                             **kwargs))


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
