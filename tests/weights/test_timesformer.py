"""The ``timesformer`` (release ``.pyth``) and ``hf-timesformer``
(transformers) sources: equivalence with the official models (reference
records at each model's native clip), identification from the keys and
shapes alone, strictness.

The 8 x 224 records and the HR / L models' 4 x 64 records (both sides
resize the position and time embeddings to the clip) run by default
(20-25 s each on 2 CPU cores: the seeded fill of 121M values, the build,
the forward); the HR (16 x 448) and L (96 / 64 x 224) ones at their native
clip take 2-5 minutes each and run only with ``MMVID_SLOW_TESTS=1``."""
import os

import pytest
import torch

from mmvid_plugin.utils.state_dict_match import CheckpointMismatchError
from mmvid_plugin.weights import (UnknownCheckpointError, build_model,
                                  convert_state_dict, get_source)
from mmvid_plugin.weights.seeded import read_reference
from mmvid_plugin.weights.timesformer import VARIANTS

from .reference_check import check_reference, reference_files

SOURCES = ('timesformer', 'hf-timesformer')
SLOW = os.environ.get('MMVID_SLOW_TESTS') == '1'


def runs_in_ci(record: dict) -> bool:
    """At most the 8 x 224 clip's pixels (the HR / L native clips are
    slow-test only)."""
    _, _, frames, height, _ = record['input_shape']
    return frames * height**2 <= 8 * 224**2


def record_params():
    params = []
    for source in SOURCES:
        for path in reference_files(source):
            cheap = runs_in_ci(read_reference(path))
            marks = () if cheap or SLOW else pytest.mark.skip(
                reason='HR / L native clip: set MMVID_SLOW_TESTS=1')
            name = os.path.splitext(os.path.basename(path))[0]
            params.append(pytest.param(path, marks=marks,
                                       id=f'{source}-{name}'))
    return params


@pytest.mark.parametrize('source', SOURCES)
def test_every_model_is_checked_in_ci(source):
    """Each model of VARIANTS has a record at a clip CI runs."""
    records = map(read_reference, reference_files(source))
    checked = {r['model'] for r in records if runs_in_ci(r)}
    assert checked == set(VARIANTS)


@pytest.mark.parametrize('path', record_params())
def test_logits_equal_official(path):
    check_reference(path)


def layout_state(source: str, model: str) -> dict:
    """The official layout of ``model`` as meta tensors (shapes are all the
    converter reads): its record's manifest, or, for a model without one,
    the 8 x 224 Kinetics-400 record's with the head, ``time_embed`` and
    ``pos_embed`` resized (the release builds every model from one class:
    vit.py ``VisionTransformer``)."""
    classes, frames, size, _ = VARIANTS[model]
    paths = {os.path.basename(p): p for p in reference_files(source)}
    path = paths.get(f'{model}.json') or paths['k400_8x224.json']
    state = {}
    for key, shape, dtype in read_reference(path)['manifest']:
        name = key.rsplit('.', 1)[-1]
        if key.endswith(('head.weight', 'head.bias', 'classifier.weight',
                         'classifier.bias')):
            shape = [classes] + shape[1:]
        elif name in ('time_embed', 'time_embeddings'):
            shape = [1, frames, shape[2]]
        elif name in ('pos_embed', 'position_embeddings'):
            shape = [1, 1 + (size // 16)**2, shape[2]]
        state[key] = torch.empty(shape, dtype=getattr(torch, dtype[6:]),
                                 device='meta')
    return state


@pytest.mark.parametrize('source', SOURCES)
@pytest.mark.parametrize('model', list(VARIANTS))
def test_the_file_tells_its_model(source, model):
    state = layout_state(source, model)
    converted = convert_state_dict(state, source)  # strict key + shape check
    assert converted.meta['source_model'] == model
    assert converted.config == VARIANTS[model][3]
    ours = build_model(converted.config, device='meta').state_dict()
    assert set(converted.state_dict) == set(ours)


def test_release_keys_with_or_without_the_wrapper_prefix():
    state = layout_state('timesformer', 'k400_8x224')
    assert all(k.startswith('model.') for k in state)
    bare = {k[len('model.'):]: v for k, v in state.items()}
    converted = convert_state_dict(bare, 'timesformer')
    assert converted.meta['source_model'] == 'k400_8x224'


def test_pyth_file_unwraps_model_state():
    state = layout_state('timesformer', 'ssv2_8x224')
    loaded = dict(epoch=15, model_state=state, optimizer_state={},
                  cfg='MODEL:\n  NUM_CLASSES: 174\n')
    assert get_source('timesformer').unwrap(loaded) == state


@pytest.mark.parametrize('source, extra, missing, head', [
    ('timesformer', 'model.blocks.3.temporal_gate.weight',
     'model.blocks.11.temporal_fc.bias', 'model.head.weight'),
    ('hf-timesformer', 'timesformer.encoder.layer.3.gate.weight',
     'timesformer.encoder.layer.11.temporal_dense.bias',
     'classifier.weight')])
def test_unknown_missing_and_misshaped_keys_are_named(source, extra,
                                                      missing, head):
    state = layout_state(source, 'k400_8x224')
    state[extra] = torch.empty(1, device='meta')
    with pytest.raises(UnknownCheckpointError, match=extra):
        convert_state_dict(state, source, 'k400_8x224')
    state = layout_state(source, 'k400_8x224')
    del state[missing]
    state[head] = torch.empty(10, 768, device='meta')
    with pytest.raises(CheckpointMismatchError) as error:
        convert_state_dict(state, source, 'k400_8x224')
    message = str(error.value)
    assert 'backbone.blocks.11.temporal_fc.bias' in message
    assert 'cls_head.fc_cls.weight: (10, 768) (expected (400, 768))' in \
        message


@pytest.mark.parametrize('source', SOURCES)
def test_unknown_layout_asks_for_config(source):
    state = layout_state(source, 'k400_8x224')
    head = [k for k in state if k.endswith(('head.weight',
                                            'classifier.weight'))][0]
    state[head] = torch.empty(1000, 768, device='meta')  # no such release
    with pytest.raises(UnknownCheckpointError,
                       match='fits none of its models.*--config'):
        convert_state_dict(state, source)


def test_space_only_file_is_not_taken_for_divided():
    state = {k: v for k, v in layout_state('timesformer', 'k400_8x224').items()
             if 'temporal' not in k and 'time_embed' not in k}
    with pytest.raises(UnknownCheckpointError, match='fits none'):
        convert_state_dict(state, 'timesformer')

