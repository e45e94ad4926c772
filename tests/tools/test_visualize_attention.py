"""tools/visualize_attention.py writes overlays for TimeSformer and
non-local networks, from attention rows that sum to one."""
import glob
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from tests.helpers.runs import REPO

TOOL_DIR = osp.join(REPO, 'tools')


def checkpoint_for(config, folder):
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(config).model)
    model.init_weights()
    path = str(folder / 'model.pth')
    torch.save(dict(state_dict=model.state_dict()), path)
    return path


def run_tool(argv):
    import sys
    sys.path.insert(0, TOOL_DIR)
    try:
        import visualize_attention
    finally:
        sys.path.remove(TOOL_DIR)
    return visualize_attention.main(argv)


@pytest.mark.parametrize('pattern', [
    'timesformer/timesformer_divided_vit-d96l4_*motion-digits*',
    'timesformer/timesformer_joint_vit-d96l4_*motion-digits*',
    'nonlocal/i3d-nl5_r50-w16_*motion-digits*'])
def test_images_written_and_rows_sum_to_one(pattern, tmp_path,
                                            tiny_data_root):
    (config, ) = glob.glob(osp.join(REPO, 'configs', pattern + '.py'))
    checkpoint = checkpoint_for(config, tmp_path)
    video = sorted(glob.glob(osp.join(tiny_data_root, 'videos', 'test',
                                      '*.mp4')))[0]
    out = tmp_path / 'attention'
    paths, result = run_tool([config, checkpoint, video, '--out-dir',
                              str(out)])
    for path in paths.values():
        assert osp.getsize(path) > 1000
    from PIL import Image
    gif = Image.open(paths['gif'])
    assert gif.n_frames == result['spatial'].shape[0]
    np.testing.assert_allclose(result['rows'], 1.0, atol=1e-5)
    assert (result['spatial'] >= 0).all()


def test_model_without_attention_is_named(tmp_path, tiny_data_root):
    (config, ) = glob.glob(osp.join(
        REPO, 'configs', 'motion_digits', 'tinyconv3d_*.py'))
    checkpoint = checkpoint_for(config, tmp_path)
    video = sorted(glob.glob(osp.join(tiny_data_root, 'videos', 'test',
                                      '*.mp4')))[0]
    with pytest.raises(ValueError, match='nothing to draw'):
        run_tool([config, checkpoint, video, '--out-dir', str(tmp_path)])
