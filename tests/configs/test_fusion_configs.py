"""Conv-fusion and snippet-pooling configs carry the papers' models
(docs/papers.md §4, §5)."""
import glob
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.registry import init_default_scope

from tests.helpers.runs import REPO
from tests.helpers.models import count_parameters


def config(folder, pattern):
    (path, ) = glob.glob(osp.join(REPO, 'configs', folder, pattern))
    return Config.fromfile(path)


@pytest.mark.parametrize('name,expected', [
    ('late-softmax', 181_335_594), ('sum-relu5', 97_236_421),
    ('max-relu5', 97_236_421), ('concat-relu5', 172_733_893),
    ('conv-relu5', 97_761_221)])
def test_motion_digits_fusion_configs_at_paper_size_give_table1_counts(
        name, expected):
    """The MotionDigits configs, set back to 224 px, L = 10 and 101
    classes, are Table 1's VGG-M-2048 networks."""
    cfg = config('conv_fusion', f'convfusion_{name}_vggm2048_*.py')
    model = cfg.model
    model.spatial_backbone.input_size = 224
    model.temporal_backbone.update(input_size=224, in_channels=20)
    model.cls_head.num_classes = 101
    if model.get('temporal_head'):
        model.temporal_head.num_classes = 101
    assert count_parameters(model) == expected


def test_final_vgg16_ucf101_config_count():
    cfg = config('conv_fusion', 'convfusion_conv3d-*_vgg16_*ucf101*.py')
    assert count_parameters(cfg.model) == 283_514_762
    sampler = cfg.train_pipeline[0]
    assert (sampler.num_frames, sampler.flow_length,
            tuple(sampler.stride_range)) == (5, 10, (5, 15))


VGG16_CONVS = 14_714_688  # 13 conv layers of the RGB tower (+ 9,792 flow)


def test_final_vgg16_ucf101_config_follows_the_release_training():
    """cnn_ucf101_fusion.m: epochFactor 10, backpropDepth relu5_3 (both
    towers' convs frozen), 'noCtr' crops + flips negating the x-flow."""
    cfg = config('conv_fusion', 'convfusion_conv3d-*_vgg16_*ucf101*.py')
    repeat = cfg.train_dataloader.dataset
    assert (repeat.type, repeat.times) == ('RepeatDataset', 10)
    types = [t['type'] for t in repeat.dataset.pipeline]
    assert types == ['SampleAlignedRGBFlow', 'AlignedRGBFlowDecode',
                     'NoCentreScaleJitterCrop', 'Resize',
                     'AlignedRGBFlowFlip', 'FormatAlignedRGBFlow',
                     'PackActionInputs']
    frozen = VGG16_CONVS + VGG16_CONVS + 17 * 64 * 9
    assert count_parameters(cfg.model, trainable_only=True) == \
        283_514_762 - frozen
    init_default_scope('mmaction')
    augment = Compose(repeat.dataset.pipeline[2:6])
    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 256, (256, 340, 3), np.uint8) for _ in range(5)]
    fields = [rng.integers(0, 256, (256, 340, 2), np.uint8)
              for _ in range(50)]
    out = augment(dict(imgs=frames + fields, num_rgb=5, num_clips=1,
                       clip_len=5, flow_length=10, img_shape=(256, 340),
                       modality='RGB+Flow'))
    assert out['rgb'].shape == (1, 3, 5, 224, 224)
    assert out['flow'].shape == (1, 20, 5, 224, 224)


def test_ucf101_conv_pooling_30_and_120_frames_share_one_network():
    short = config('beyond_short_snippets',
                   'snippets_conv-pooling_*30x5x1-ucf101*.py')
    long = config('beyond_short_snippets',
                  'snippets_conv-pooling_*120x1x1-ucf101*.py')
    assert short.train_pipeline[0].clip_len == 30
    assert long.train_pipeline[0].clip_len == 120
    assert count_parameters(short.model) == count_parameters(long.model)
