"""The zoo API: listing, lookup errors, and building with local weights
(published files of this package, official files of converted entries,
tampered and mismatched files refused)."""
import pytest
import torch

from mmvid_plugin import zoo
from mmvid_plugin.utils import CheckpointMismatchError
from mmvid_plugin.weights.release import HashMismatchError, publish

TINY = 'tinyconv3d_scratch_1xb8-16x1x1-6e_motion-digits-rgb'
I3D = 'i3d_inception-v1_pytorch-i3d-converted_64x1x10_kinetics400-rgb'


def test_list_models_patterns():
    everything = zoo.list_models()
    assert len(everything) == len({e.name for e in everything}) > 100
    r3d = zoo.list_models('r3d_r18*')
    assert r3d and all(e.name.startswith('r3d_r18') for e in r3d)
    assert [e.name for e in zoo.list_models('tinyconv3d')] == [TINY]
    entry = zoo.get_entry(TINY)
    assert entry.config.endswith(f'{TINY}.py')
    assert entry.metadata['Training Data'] == 'MotionDigits'
    assert entry.result('MotionDigits')['Metrics']['Top 1 Accuracy'] > 50
    assert not entry.converted
    assert zoo.get_entry(f'configs/motion_digits/{TINY}.py') == entry


def test_unknown_name_lists_close_names():
    with pytest.raises(zoo.UnknownModelError) as error:
        zoo.get_entry('tinyconv3d_scratch_motion-digits')
    assert TINY in str(error.value)
    with pytest.raises(LookupError):
        zoo.get_entry('no-such-model')


def test_build_without_weights_and_on_meta():
    model = zoo.build(TINY)
    assert not model.training
    meta = zoo.build(TINY, device='meta')
    assert next(meta.parameters()).is_meta
    with pytest.raises(ValueError):
        zoo.build(TINY, checkpoint='x.pth', device='meta')


def test_build_with_a_published_file_and_refuse_a_tampered_one(tmp_path):
    torch.manual_seed(0)
    trained = zoo.build(TINY)
    checkpoint = dict(state_dict=trained.state_dict(), meta=dict(epoch=6),
                      optimizer=dict(state={}))
    for path in publish(checkpoint, str(tmp_path / TINY)):
        model = zoo.build(TINY, checkpoint=path)
        for key, value in trained.state_dict().items():
            torch.testing.assert_close(model.state_dict()[key], value)
    data = bytearray(open(path, 'rb').read())
    data[-9] ^= 0xFF
    open(path, 'wb').write(bytes(data))
    with pytest.raises(HashMismatchError):
        zoo.build(TINY, checkpoint=path)


def test_build_refuses_weights_that_do_not_fit(tmp_path):
    state = zoo.build(TINY).state_dict()
    state.pop(next(iter(state)))
    path = str(tmp_path / 'partial.pth')
    torch.save(dict(state_dict=state), path)
    with pytest.raises(CheckpointMismatchError) as error:
        zoo.build(TINY, checkpoint=path)
    assert 'missing' in str(error.value)


def test_converted_entry_takes_the_official_file(tmp_path):
    """pytorch-i3d's layout (from its reference record's manifest) goes
    through the converter into the strict load."""
    from mmvid_plugin.weights import convert_file
    from mmvid_plugin.weights.seeded import (read_reference,
                                             seeded_state_dict)
    from mmvid_plugin.zoo.converted import reference_records
    entry = zoo.get_entry(I3D)
    (item, ) = entry.converted_from
    (record_path, ) = reference_records(item['Source'], item['Model'])
    record = read_reference(record_path)
    path = str(tmp_path / 'rgb_imagenet.pt')
    torch.save(seeded_state_dict(record['manifest']), path)
    model = zoo.build(I3D, checkpoint=path)
    expected = convert_file(path, item['Source'], entry.config).state_dict
    for key, value in expected.items():
        torch.testing.assert_close(model.state_dict()[key], value)
    with pytest.raises(CheckpointMismatchError):
        zoo.build(I3D, checkpoint=path, source='torchvision')


def test_merge_keeps_curated_fields():
    from mmvid_plugin.zoo.metafile import OURS, merge
    paper = dict(Dataset='Kinetics-400', Metrics={'Top 1 Accuracy': 70.0},
                 Source='paper, Table 1')
    entry = dict(
        Name='m', Config='configs/x/m.py', Results=[
            dict(Dataset='MotionDigits', Metrics={'Top 1 Accuracy': 50.0}),
            paper],
        Metadata={'Architecture': 'X', 'Parameters': 1, 'FLOPs': 2.0,
                  'Trainable Parameters': 1},
        **{'In Collection': 'C', 'Converted From': [dict(
            Source='s', Model='old', Weights='curated.pth',
            **{'Max Logit Difference': 1e-6})]})
    merged = merge(entry, {'Parameters': 5, 'Input': {'Views': 3}},
                   [dict(Source='s', Model='m', Weights='found.pth')])
    meta = merged['Metadata']
    assert meta == {'Architecture': 'X', 'Parameters': 5, 'FLOPs': 2.0,
                    'Input': {'Views': 3}}
    (item, ) = merged['Converted From']
    assert item == {'Source': 's', 'Model': 'm', 'Weights': 'curated.pth',
                    'Max Logit Difference': 1e-6}
    assert merged['Results'][0]['Source'] == OURS
    assert merged['Results'][1] == paper
    assert list(merged)[:4] == ['Name', 'Config', 'In Collection',
                                'Metadata']
    unmeasured = merge(entry, {}, [dict(Source='s', Model='m', **{
        'Max Logit Difference': None})])
    assert 'Max Logit Difference' not in unmeasured['Converted From'][0]
    assert 'Converted From' not in merge(entry, {}, [])


def test_official_files_from_the_config_comment(tmp_path):
    from mmvid_plugin.zoo.converted import official_files
    config = tmp_path / 'x-converted_8x8x1_k400-rgb.py'
    config.write_text(
        "# The release's `models/model_k400.pyth` (--from release) and\n"
        '# org/model-k400 (--from hf-release), also model_old.pth.\n'
        "_base_ = ['./y.py']\n# not this one.pt\n")
    assert official_files(str(config), ['release', 'hf-release']) == {
        'release': 'models/model_k400.pyth', 'hf-release': 'org/model-k400'}
    config.write_text('# Weights `w.pt`, converted with\n'
                      '# `tools/convert_checkpoint.py --from src`.\n')
    assert official_files(str(config), ['src']) == {'src': 'w.pt'}
