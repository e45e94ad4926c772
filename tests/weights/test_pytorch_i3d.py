"""pytorch-i3d converter: equivalence with the release's InceptionI3d
(reference records), identification, strictness."""
import pytest
import torch

from mmvid_plugin.weights import UnknownCheckpointError, convert_state_dict
from mmvid_plugin.weights.converting import build_model
from mmvid_plugin.weights.seeded import read_reference, seeded_state_dict
from mmvid_plugin.utils.state_dict_match import CheckpointMismatchError

from .reference_check import check_reference, reference_files, reference_ids

SOURCE = 'pytorch-i3d'


@pytest.mark.parametrize('path', reference_files(SOURCE),
                         ids=reference_ids(SOURCE))
def test_matches_release(path):
    check_reference(path)


def release_state(model: str, counters: bool = True) -> dict:
    path = [p for p in reference_files(SOURCE) if p.endswith(f'{model}.json')]
    state = seeded_state_dict(read_reference(path[0])['manifest'])
    if not counters:  # the files were saved by PyTorch 0.3
        state = {k: v for k, v in state.items()
                 if not k.endswith('num_batches_tracked')}
    return state


@pytest.mark.parametrize('model', ['rgb_imagenet', 'flow_imagenet',
                                   'rgb_charades', 'flow_charades'])
def test_identifies_model(model):
    converted = convert_state_dict(release_state(model), SOURCE)
    assert converted.meta['source_model'] == model


def test_pytorch_0_3_file_without_batch_counters():
    converted = convert_state_dict(release_state('rgb_imagenet', False),
                                   SOURCE)
    model = build_model(converted.config, device='meta')
    assert set(converted.state_dict) == set(model.state_dict())
    counter = 'backbone.endpoints.Mixed_5c.branch3.1.bn.num_batches_tracked'
    assert converted.state_dict[counter].item() == 0


def test_unknown_and_misshaped_keys_are_named():
    state = release_state('rgb_imagenet')
    state['Mixed_3b.b9.conv3d.weight'] = torch.zeros(1)
    with pytest.raises(UnknownCheckpointError, match='Mixed_3b.b9'):
        convert_state_dict(state, SOURCE)
    state = release_state('rgb_imagenet')
    state['Mixed_4b.b1b.conv3d.weight'] = torch.zeros(208, 96, 1, 3, 3)
    with pytest.raises(CheckpointMismatchError,
                       match='Mixed_4b.branch1.1.conv.weight'):
        convert_state_dict(state, SOURCE)
    state = release_state('rgb_imagenet')
    del state['Mixed_4b.b0.bn.running_mean']
    with pytest.raises(CheckpointMismatchError, match='missing keys'):
        convert_state_dict(state, SOURCE)


def test_unknown_layout_is_refused():
    state = release_state('rgb_imagenet')
    state['logits.conv3d.weight'] = torch.zeros(10, 1024, 1, 1, 1)
    with pytest.raises(UnknownCheckpointError, match='fits none'):
        convert_state_dict(state, SOURCE)
