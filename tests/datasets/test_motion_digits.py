"""MotionDigits: determinism, class semantics and the documented ceilings."""
import multiprocessing
import os.path as osp

import numpy as np
import pytest

from mmvid_plugin.datasets import motion_digits as md
from mmvid_plugin.datasets.motion_digits import (CLASSES, MotionDigitsSpec,
                                                 ensure_motion_digits)

SPEC = MotionDigitsSpec(num_train=40, num_val=20, num_test=20)


@pytest.fixture(scope='module')
def pools():
    return md.load_digit_pools(SPEC.seed)


def clip(label, index, pools, split='train'):
    rng = np.random.default_rng([SPEC.seed, 0, 1, index])
    return md.make_clip(rng, SPEC, label, pools[split])


def centroid(frame):
    """Circular mean position (y, x) of the bright pixels on the torus."""
    mass = frame[..., 0].astype(float)
    angles = 2 * np.pi * np.arange(frame.shape[0]) / frame.shape[0]
    result = []
    for axis in (1, 0):  # rows -> y, columns -> x
        profile = mass.sum(axis)
        angle = np.angle((profile * np.exp(1j * angles)).sum())
        result.append(angle % (2 * np.pi) * frame.shape[0] / (2 * np.pi))
    return np.array(result)


def step(a, b, size):
    return (b - a + size / 2) % size - size / 2


@pytest.mark.parametrize('direction', list(md.DIRECTIONS))
def test_motion_classes_move_speed_px_per_frame(direction, pools):
    label = CLASSES.index(f'zero_{direction}')
    frames = clip(label, 3, pools)
    steps = [step(centroid(a), centroid(b), SPEC.frame_size)
             for a, b in zip(frames[:-1], frames[1:])]
    expected = np.array(md.DIRECTIONS[direction]) * SPEC.speed
    np.testing.assert_allclose(np.median(steps, 0), expected, atol=0.5)


def test_order_classes_are_time_reversed_twins(pools):
    appear = clip(CLASSES.index('appear'), 5, pools)
    vanish = clip(CLASSES.index('vanish'), 5, pools)
    visible_appear = appear.reshape(SPEC.num_frames, -1).max(1) > 0
    visible_vanish = vanish.reshape(SPEC.num_frames, -1).max(1) > 0
    assert not visible_appear[0] and visible_appear[-1]
    assert visible_vanish[0] and not visible_vanish[-1]
    # Same switch frame and trajectory: vanish is appear with the blank
    # frames' visibility flipped.
    np.testing.assert_array_equal(visible_appear, ~visible_vanish)
    switch = np.argmax(visible_appear)
    assert 3 * SPEC.num_frames // 8 <= switch <= 5 * SPEC.num_frames // 8


def test_reversed_left_clip_moves_right(pools):
    frames = clip(CLASSES.index('one_left'), 7, pools)[::-1]
    dx = step(centroid(frames[0]), centroid(frames[1]), SPEC.frame_size)[1]
    assert dx == pytest.approx(SPEC.speed, abs=0.5)


def test_generation_is_deterministic(pools):
    np.testing.assert_array_equal(clip(2, 11, pools), clip(2, 11, pools))
    assert not np.array_equal(clip(2, 11, pools), clip(2, 12, pools))
    np.testing.assert_array_equal(
        md.split_labels(SPEC, 'train'), md.split_labels(SPEC, 'train'))


def test_splits_are_balanced_and_use_disjoint_handwriting(pools):
    for split in md.SPLITS:
        counts = md.class_counts(md.split_labels(SPEC, split))
        assert max(counts) - min(counts) <= 1
    seen = {}
    for split, groups in pools.items():
        for group, images in groups.items():
            assert images, f'empty pool {split}/{group}'
            for image in images:
                key = image.tobytes()
                assert seen.setdefault(key, split) == split


def test_single_frame_ceiling_is_as_documented():
    """The Bayes-optimal single-frame classifier reaches 25%.

    Positions are uniform on the torus, so one frame tells only whether it
    is blank and, if not, which digit it shows.
    """
    spec = MotionDigitsSpec(num_train=2000)
    joint = {}  # observation -> counts per class
    for index, label in enumerate(md.split_labels(spec, 'train')):
        rng = np.random.default_rng([spec.seed, 0, 1, index])
        plan = md.plan_clip(rng, spec, int(label))
        for visible in plan.visible:
            seen = plan.group if visible else 'blank'
            joint.setdefault(seen, np.zeros(len(CLASSES)))[label] += 1
    total = sum(counts.sum() for counts in joint.values())
    bayes = sum(counts.max() for counts in joint.values()) / total
    assert bayes == pytest.approx(md.SINGLE_FRAME_CEILING, abs=0.02)


def test_reversed_appear_is_a_possible_vanish():
    """Time reversal maps the switch range onto itself, so a reversed
    ``appear`` clip is a valid ``vanish`` clip (the 50% order-free bound)."""
    def patterns(name):
        found = set()
        for index in range(200):
            rng = np.random.default_rng([0, 0, 1, index])
            plan = md.plan_clip(rng, SPEC, CLASSES.index(name))
            found.add(tuple(plan.visible))
        return found

    appear, vanish = patterns('appear'), patterns('vanish')
    assert {pattern[::-1] for pattern in appear} == vanish


def test_spec_rejects_out_of_range_values():
    with pytest.raises(ValueError, match='num_frames=8'):
        MotionDigitsSpec(num_frames=8)
    with pytest.raises(ValueError, match='num_train=3'):
        MotionDigitsSpec(num_train=3)


def test_materialised_files(tiny_data_root):
    meta = md.read_meta(tiny_data_root)
    assert meta['classes'] == list(CLASSES)
    lines = open(osp.join(tiny_data_root, 'val_list_videos.txt')).readlines()
    assert len(lines) == 20
    relpath, label = lines[0].split()
    assert 0 <= int(label) < len(CLASSES)
    import decord
    reader = decord.VideoReader(osp.join(tiny_data_root, 'videos', relpath))
    assert len(reader) == 16
    assert reader[0].shape == (64, 64, 3)


def test_foreign_folder_is_not_overwritten(tmp_path):
    root = tmp_path / 'motion_digits'
    root.mkdir()
    (root / 'mine.txt').write_text('keep me')
    with pytest.raises(FileExistsError, match='other files'):
        ensure_motion_digits(str(root), SPEC)
    assert (root / 'mine.txt').read_text() == 'keep me'


def _materialise(root):
    ensure_motion_digits(root, MotionDigitsSpec(num_train=10, num_val=10,
                                                num_test=10))
    return md.read_meta(root)['num_train']


def test_parallel_workers_do_not_race(tmp_path):
    root = str(tmp_path / 'motion_digits')
    context = multiprocessing.get_context('spawn')
    with context.Pool(2) as pool:
        assert pool.map(_materialise, [root, root]) == [10, 10]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith('.')]
    assert leftovers == []


def test_dataset_rejects_unknown_split(tiny_data_root):
    from mmvid_plugin.datasets import MotionDigitsDataset
    with pytest.raises(ValueError, match="split='dev'"):
        MotionDigitsDataset(split='dev', data_root=tiny_data_root)


def test_dataset_reads_annotations(tiny_data_root):
    from mmvid_plugin.datasets import MotionDigitsDataset
    from tests.helpers.runs import TINY_SPEC
    dataset = MotionDigitsDataset(
        split='train', data_root=tiny_data_root, spec=TINY_SPEC)
    assert len(dataset) == 40
    assert dataset.metainfo['classes'] == CLASSES
    assert dataset.get_data_info(0)['filename'].endswith('.mp4')
