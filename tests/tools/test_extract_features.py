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
