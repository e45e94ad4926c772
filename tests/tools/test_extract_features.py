"""tools/extract_features.py: a named layer's activations per video."""
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from tests.helpers.runs import REPO, TINY_SPEC, run_python, write_tiny_config

TOOL = osp.join(REPO, 'tools', 'extract_features.py')


@pytest.fixture(scope='module')
def config_and_checkpoint(tmp_path_factory, tiny_data_root):
    from mmaction.registry import MODELS
    folder = tmp_path_factory.mktemp('features')
    config = write_tiny_config(folder / 'cfg.py', tiny_data_root)
    init_default_scope('mmaction')
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(config).model)
    checkpoint = str(folder / 'model.pth')
    torch.save(dict(state_dict=model.state_dict()), checkpoint)
    return config, checkpoint, folder


def test_features_per_video_and_per_clip(config_and_checkpoint,
                                         tiny_data_root):
    config, checkpoint, folder = config_and_checkpoint
    out = str(folder / 'fc.npz')
    run_python([TOOL, config, checkpoint, '--layer', 'cls_head.fc_cls',
                '--out', out, '--l2-normalize'])
    saved = np.load(out)
    assert saved['features'].shape == (TINY_SPEC['num_test'], 10)
    np.testing.assert_allclose(np.linalg.norm(saved['features'], axis=1), 1,
                               rtol=1e-5)
    with open(osp.join(tiny_data_root, 'test_list_videos.txt')) as f:
        expected = [int(line.split()[1]) for line in f]
    assert saved['labels'].tolist() == expected
    clips = str(folder / 'clips.npz')
    run_python([TOOL, config, checkpoint, '--layer', 'backbone.layers.11',
                '--out', clips, '--per-clip', '--loader', 'val'])
    per_clip = np.load(clips)['features']
    assert per_clip.shape == (TINY_SPEC['num_val'], 1, 32 * 16 * 8 * 8)


def test_unknown_layer_is_named(config_and_checkpoint):
    config, checkpoint, folder = config_and_checkpoint
    result = run_python([TOOL, config, checkpoint, '--layer', 'backbone.fc6',
                         '--out', str(folder / 'x.npz')], check=False)
    assert result.returncode != 0
    assert "layer 'backbone.fc6' is not in the model" in result.stderr
    assert not osp.exists(folder / 'x.npz')


def copy_videos(tiny_data_root, folder, count):
    """The first ``count`` test videos of the tiny MotionDigits, copied into
    ``folder/<class>/``, and a broken one beside them."""
    import shutil
    with open(osp.join(tiny_data_root, 'test_list_videos.txt')) as f:
        lines = [line.split() for line in f][:count]
    for path, label in lines:
        target = folder / label / osp.basename(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(osp.join(tiny_data_root, 'videos', path), target)
    (folder / 'broken.mp4').write_bytes(b'not a video')
    return [f'{label}/{osp.basename(path)}' for path, label in lines]


def test_per_video_files_match_the_loader_and_name_their_source(
        config_and_checkpoint, tiny_data_root):
    import hashlib
    from mmvid_plugin.apis import read_records
    config, checkpoint, folder = config_and_checkpoint
    loader = str(folder / 'loader.npz')
    run_python([TOOL, config, checkpoint, '--layer', 'backbone',
                '--out', loader])
    out = folder / 'per_video'
    run_python([TOOL, config, checkpoint, '--layer', 'backbone',
                '--ann-file', osp.join(tiny_data_root, 'test_list_videos.txt'),
                '--data-prefix', osp.join(tiny_data_root, 'videos'),
                '--out-dir', str(out)])
    expected = np.load(loader)['features']
    records = read_records(str(out / 'manifest.jsonl'))
    assert len(records) == TINY_SPEC['num_test']
    with open(checkpoint, 'rb') as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    for index, record in enumerate(records):
        assert record['video'] == f'test/{index:05d}.mp4'
        assert record['file'] == f'test/{index:05d}.npy'
        assert (record['layer'], record['config']) == ('backbone', config)
        assert record['checkpoint_sha256'] == sha256
        features = np.load(out / record['file'])
        assert list(features.shape) == record['shape'] == [32 * 16 * 8 * 8]
        np.testing.assert_allclose(features, expected[index], rtol=1e-5,
                                   atol=1e-6)


def test_folder_run_skips_bad_videos_and_resumes(config_and_checkpoint,
                                                  tiny_data_root, tmp_path):
    import json
    import os
    config, checkpoint, _ = config_and_checkpoint
    videos = copy_videos(tiny_data_root, tmp_path / 'videos', 4)
    out = tmp_path / 'features'
    command = [TOOL, config, checkpoint, '--layer', 'cls_head.fc_cls',
               '--videos', str(tmp_path / 'videos'), '--out-dir', str(out),
               '--per-clip']
    result = run_python(command)
    assert 'skipped broken.mp4' in result.stdout
    assert '4 written, 0 already there, 1 failed' in result.stdout
    failed = [json.loads(line) for line in open(out / 'failed.jsonl')]
    assert [f['video'] for f in failed] == ['broken.mp4']
    assert np.load(out / (osp.splitext(videos[0])[0] + '.npy')).shape == \
        (1, 10)  # one view of the test pipeline, per clip
    # as a kill would leave it: the last video's file missing, the manifest
    # line of the one before cut mid-write, a temporary file behind
    from mmvid_plugin.apis import read_records
    manifest = out / 'manifest.jsonl'
    records = read_records(str(manifest))
    lines = manifest.read_text().splitlines(True)
    manifest.write_text(''.join(lines[:2]) + lines[2][:25])
    os.remove(out / records[3]['file'])
    (out / '.x.npy.123.tmp.npy').write_bytes(b'partial')
    kept = {r['file']: os.stat(out / r['file']).st_mtime_ns
            for r in records[:2]}
    result = run_python(command)
    assert '2 written, 2 already there, 1 failed' in result.stdout
    for name, mtime in kept.items():
        assert os.stat(out / name).st_mtime_ns == mtime
    assert sorted(r['video'] for r in read_records(str(manifest))) == \
        sorted(videos)


def test_per_video_mode_needs_an_output_folder(config_and_checkpoint,
                                               tmp_path):
    config, checkpoint, _ = config_and_checkpoint
    result = run_python([TOOL, config, checkpoint, '--layer', 'backbone',
                         '--videos', str(tmp_path)], check=False)
    assert result.returncode == 2
    assert 'give --out-dir' in result.stderr
