"""MotionDigits rawframes + flow: made by the flow tool, read by
RawframeDataset, and the flow says where the digit goes."""
import os.path as osp

import numpy as np
import pytest
from mmengine.registry import init_default_scope

from mmvid_plugin.datasets import CLASSES, MotionDigitsRawframeDataset
from mmvid_plugin.flow import dequantize_flow
from tests.helpers.runs import TINY_SPEC

PIPELINE = [
    dict(type='SampleFrames', clip_len=15, frame_interval=1, num_clips=1,
         test_mode=True),
    dict(type='RawFrameDecode'),
]


@pytest.fixture(scope='module')
def flow_dataset(tiny_data_root):
    init_default_scope('mmaction')
    return MotionDigitsRawframeDataset(
        split='val', modality='Flow', data_root=tiny_data_root,
        spec=TINY_SPEC, pipeline=PIPELINE, test_mode=True)


def test_lists_and_counts(flow_dataset, tiny_data_root):
    assert len(flow_dataset) == TINY_SPEC['num_val']
    info = flow_dataset.get_data_info(0)
    assert info['total_frames'] == 15  # 16 frames -> 15 flows
    root = osp.join(tiny_data_root, 'rawframes_farneback')
    assert osp.exists(osp.join(root, 'meta.json'))
    assert open(osp.join(root, 'val_failed_videos.txt')).read() == ''


@pytest.mark.parametrize('direction,expected', [('right', (3, 0)),
                                                ('up', (0, -3))])
def test_flow_points_where_the_digit_moves(flow_dataset, direction,
                                           expected):
    label = CLASSES.index(f'one_{direction}')
    index = next(i for i in range(len(flow_dataset))
                 if flow_dataset.get_data_info(i)['label'] == label)
    imgs = np.stack(flow_dataset[index]['imgs'])  # (T, H, W, 2) uint8
    assert imgs.shape == (15, 64, 64, 2)
    flow = dequantize_flow(imgs[..., 0], imgs[..., 1], bound=20.0)
    moving = np.linalg.norm(flow, axis=-1) > 1.0
    median = np.median(flow[moving], axis=0)
    np.testing.assert_allclose(median, expected, atol=1.0)


def test_rgb_modality_and_bad_arguments(tiny_data_root):
    init_default_scope('mmaction')
    rgb = MotionDigitsRawframeDataset(
        split='train', data_root=tiny_data_root, spec=TINY_SPEC,
        pipeline=PIPELINE)
    sample = rgb[0]
    assert len(sample['imgs']) == 15 and sample['imgs'][0].shape == (64, 64,
                                                                    3)
    with pytest.raises(ValueError, match="modality='Depth'"):
        MotionDigitsRawframeDataset(modality='Depth',
                                    data_root=tiny_data_root)


def test_flow_stack_interleaves_x_and_y(flow_dataset, tiny_data_root):
    """FormatShape('NCHW') on L=2 flows gives channels x1, y1, x2, y2."""
    import cv2
    from mmaction.registry import TRANSFORMS
    from mmengine.dataset import Compose
    pipeline = Compose([TRANSFORMS.build(t) for t in [
        dict(type='SampleFrames', clip_len=2, frame_interval=1, num_clips=1,
             test_mode=True),
        dict(type='RawFrameDecode'),
        dict(type='FormatShape', input_format='NCHW')]])
    info = flow_dataset.get_data_info(0)
    results = pipeline(dict(info))
    stack = results['imgs']
    assert stack.shape == (1, 4, 64, 64)
    first = int(results['frame_inds'][0])
    for channel, (axis, index) in enumerate([('x', first), ('y', first),
                                             ('x', first + 1),
                                             ('y', first + 1)]):
        path = osp.join(info['frame_dir'], f'flow_{axis}_{index:05d}.jpg')
        expected = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        np.testing.assert_array_equal(stack[0, channel], expected)
