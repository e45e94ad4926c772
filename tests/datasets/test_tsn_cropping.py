"""TSN's corner cropping and scale jittering, as configured in
configs/tsn: MMAction2's MultiScaleCrop with the release's settings."""
import itertools
import os.path as osp
import random

import numpy as np
from mmengine.config import Config
from mmengine.registry import init_default_scope

from tests.helpers.runs import REPO

SIZES = [256, 224, 192, 168]  # int(256 * s), s in {1, .875, .75, .66}


def crop_transform():
    from mmaction.registry import TRANSFORMS
    init_default_scope('mmaction')
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'tsn',
        'tsn_r50_imagenet-pretrained_4xb32-1x1x3-3500it_ucf101-split1-rgb.py'))
    (crop, ) = [t for t in cfg.train_dataloader.dataset.pipeline
                if t['type'] == 'MultiScaleCrop']
    return TRANSFORMS.build(crop)


def fixed_offsets(w, h, img_w=340, img_h=256):
    ws, hs = (img_w - w) // 4, (img_h - h) // 4
    grid = [(0, 0), (4, 0), (0, 4), (4, 4), (2, 2), (0, 2), (4, 2), (2, 4),
            (2, 0), (1, 1), (3, 1), (1, 3), (3, 3)]
    return {(i * ws, j * hs) for i, j in grid}


def test_crop_sizes_and_offsets_follow_the_paper():
    transform = crop_transform()
    random.seed(0)
    seen_sizes, seen_offsets = set(), {}
    for _ in range(3000):
        results = transform(dict(imgs=[np.zeros((256, 340, 3), np.uint8)],
                                 img_shape=(256, 340), modality='RGB'))
        x0, y0, x1, y1 = results['crop_bbox'].tolist()
        size = (x1 - x0, y1 - y0)
        seen_sizes.add(size)
        seen_offsets.setdefault(size, set()).add((x0, y0))
    allowed = {(w, h) for (i, w), (j, h) in itertools.product(
        enumerate(SIZES), enumerate(SIZES)) if abs(i - j) <= 1}
    assert seen_sizes == allowed  # aspect distortion at most one step
    for (w, h), offsets in seen_offsets.items():
        assert offsets <= fixed_offsets(w, h)
    assert len(seen_offsets[(224, 224)]) == 13  # all 13 fixed positions
