"""Cross-modality initialisation (TSN): the RGB conv1 kernel averaged over
its channels and replicated to the new input's, through the state-dict
helper and ``init_cfg``."""
import pytest
import torch
from mmengine.registry import init_default_scope

from mmvid_plugin.weights.cross_modality import cross_modality_state_dict
from tests.helpers.runs import write_unrelated_checkpoint


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
