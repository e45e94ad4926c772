"""The rawframes names the flow writer and the dataset readers share."""
import fnmatch

from mmvid_plugin.flow import (FLOW_TEMPLATE, RGB_TEMPLATE, flow_name,
                               flow_pattern, frame_template, rgb_name)


def test_names_are_mmaction2_s_rawframes_names():
    assert rgb_name(1) == 'img_00001.jpg'
    assert flow_name('y', 12) == 'flow_y_00012.jpg'


def test_templates_per_modality_format_like_the_names():
    assert frame_template('RGB') == RGB_TEMPLATE
    assert frame_template('Flow') == FLOW_TEMPLATE
    assert frame_template('Flow').format('x', 3) == flow_name('x', 3)


def test_flow_pattern_matches_one_axis_only():
    assert fnmatch.fnmatch(flow_name('x', 7), flow_pattern('x'))
    assert not fnmatch.fnmatch(flow_name('y', 7), flow_pattern('x'))
    assert not fnmatch.fnmatch(rgb_name(7), flow_pattern('x'))
