"""DeepVideo configs: Sports-1M counts and inputs, and what each MotionDigits
variant samples and sees (Karpathy et al. 2014; docs/papers.md §2)."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.registry import init_default_scope

from tests.helpers.runs import REPO
from tests.helpers.models import count_parameters

CONFIG_DIR = osp.join(REPO, 'configs', 'deepvideo')


def config(variant, dataset):
    (path, ) = glob.glob(
        osp.join(CONFIG_DIR, f'deepvideo_{variant}_*{dataset}-rgb.py'))
    return Config.fromfile(path)


def first_video(data_root, split='train'):
    with open(osp.join(data_root, f'{split}_list_videos.txt')) as f:
        name = f.readline().split()[0]
    return osp.join(data_root, 'videos', name)


def run_pipeline(pipeline_cfg, video, stop_after=None):
    init_default_scope('mmaction')
    results = dict(filename=video, label=0, start_index=0, modality='RGB')
    for step in pipeline_cfg:
        results = Compose([step])(results)
        if step['type'] == stop_after:
            break
    return results


@pytest.mark.parametrize('variant,expected', [
    ('single-frame', 73_908_071), ('early-fusion', 74_221_703),
    ('late-fusion', 125_288_295), ('slow-fusion', 75_511_751),
    ('multires', 129_035_495)])
def test_sports1m_configs_have_the_papers_counts(variant, expected):
    cfg = config(variant, 'sports1m')
    assert cfg.model.cls_head.num_classes == 487
    assert count_parameters(cfg.model) == expected


@pytest.mark.parametrize('variant,frames,size', [
    ('single-frame', 1, 170), ('early-fusion', 10, 170),
    ('late-fusion', 2, 170), ('slow-fusion', 10, 170),
    ('multires', 2, 89)])  # multires: context + fovea views
def test_sports1m_pipelines_feed_their_backbone(variant, frames, size,
                                                tiny_data_root):
    """The real train and test pipelines, on a video, give each backbone
    the input it checks for (the test view count: 20 clips x 10 crops)."""
    cfg = config(variant, 'sports1m')
    video = first_video(tiny_data_root)
    train = run_pipeline(cfg.train_pipeline, video)['inputs']
    test = run_pipeline(cfg.test_pipeline, video)['inputs']
    assert tuple(train.shape) == (1, 3, frames, size, size)
    assert tuple(test.shape) == (200, 3, frames, size, size)
    init_default_scope('mmaction')
    from mmaction.registry import MODELS
    backbone = MODELS.build(cfg.model.backbone).eval()
    with torch.no_grad():
        assert backbone(train.float()).shape == (1, 4096)


@pytest.mark.parametrize('variant,offsets', [
    ('single-frame', [0]), ('early-fusion', list(range(10))),
    ('slow-fusion', list(range(10))), ('late-fusion', [0, 15])])
def test_motion_digits_sampling(variant, offsets, tiny_data_root):
    """Late fusion gets two frames 15 apart, early and slow fusion 10
    consecutive frames, through MMAction2's SampleFrames."""
    cfg = config(variant, 'motion-digits')
    video = first_video(tiny_data_root)
    for _ in range(5):  # random training offsets
        inds = run_pipeline(cfg.train_pipeline, video,
                            stop_after='SampleFrames')['frame_inds']
        assert (inds - inds[0]).tolist() == offsets
        assert 0 <= inds.min() and inds.max() < 16


def build_model(cfg):
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    torch.manual_seed(0)
    return MODELS.build(cfg.model).eval()


def test_single_frame_scores_ignore_every_other_frame():
    """Scoring 5 frames of a video one by one (the test pipeline's clips):
    changing frame j moves only frame j's score."""
    model = build_model(config('single-frame', 'motion-digits'))
    clips = torch.randn(1, 5, 3, 1, 64, 64)  # (N, clips, C, T, H, W)
    with torch.no_grad():
        before = model(clips, mode='tensor')
        for j in range(5):
            changed = clips.clone()
            changed[:, j] += 1.0
            moved = (model(changed, mode='tensor') - before).abs().amax(1)
            assert torch.nonzero(moved > 1e-6).flatten().tolist() == [j]


@pytest.mark.parametrize('variant,frames,seen', [
    ('early-fusion', 10, set(range(10))), ('slow-fusion', 10, set(range(10))),
    ('late-fusion', 2, {0, 1})])
def test_fusion_scores_depend_on_every_frame_of_their_clip(variant, frames,
                                                           seen):
    model = build_model(config(variant, 'motion-digits'))
    clip = torch.randn(1, 1, 3, frames, 64, 64, requires_grad=True)
    model(clip, mode='tensor').sum().backward()
    grad = clip.grad.abs().sum(dim=(0, 1, 2, 4, 5))
    assert {t for t in range(frames) if grad[t] > 0} == seen
