"""Flow extraction: accuracy on a known translation, quantisation, resume,
bad videos, and the rawframes layout."""
import os

import cv2
import numpy as np
import pytest

from mmvid_plugin.flow import (dequantize_flow, extract_dataset,
                               extract_video, make_flow_fn, quantize_flow,
                               videos_from_folder, videos_from_list)
from tests.helpers.media import SHIFT, textured_frames, write_video

@pytest.mark.parametrize('algorithm', ['tvl1', 'farneback'])
def test_known_translation_survives_quantisation(algorithm):
    first, second = textured_frames(2)
    flow = make_flow_fn(algorithm)(first, second)
    restored = dequantize_flow(*quantize_flow(flow, bound=20), bound=20)
    interior = restored[16:-16, 16:-16].reshape(-1, 2)
    np.testing.assert_allclose(np.median(interior, 0), SHIFT, atol=0.3)


def test_quantisation_matches_denseflow_mapping():
    flow = np.array([[[-20.0, 0.0], [20.0, 30.0]]], np.float32)
    flow_x, flow_y = quantize_flow(flow, bound=20)
    assert flow_x.tolist() == [[0, 255]]
    assert flow_y.tolist() == [[128, 255]]  # 0 -> 127.5 -> 128; clipped
    np.testing.assert_allclose(dequantize_flow(flow_x, flow_y, 20)[0, 0],
                               [-20.0, 20 / 255], atol=1e-5)


def test_bad_arguments_name_the_choices():
    with pytest.raises(ValueError, match="'brox'.*tvl1"):
        make_flow_fn('brox')
    with pytest.raises(ValueError, match='bound'):
        quantize_flow(np.zeros((1, 1, 2)), bound=0)


def test_extract_video_writes_rawframes_layout(tmp_path):
    video = tmp_path / 'v.mp4'
    write_video(video, num_frames=5)
    out = tmp_path / 'out' / 'v'
    count = extract_video(str(video), str(out), algorithm='farneback',
                          size='48x32')
    assert count == 4
    names = sorted(os.listdir(out))
    assert names[:2] == ['flow_x_00001.jpg', 'flow_x_00002.jpg']
    assert sum(n.startswith('img_') for n in names) == 5
    assert sum(n.startswith('flow_y_') for n in names) == 4
    assert cv2.imread(str(out / 'img_00001.jpg')).shape == (32, 48, 3)
    assert [p.name for p in out.parent.iterdir()] == ['v']  # no temp left


def test_dataset_run_resumes_and_reports_bad_videos(tmp_path):
    videos = tmp_path / 'videos'
    write_video(videos / 'walk' / 'a.mp4')
    write_video(videos / 'walk' / 'b.mp4')
    write_video(videos / 'run' / 'c.mp4')
    (videos / 'run' / 'broken.mp4').write_bytes(b'not a video')
    items = videos_from_folder(str(videos))
    assert {(it.name, it.label) for it in items} == {
        ('walk/a', 1), ('walk/b', 1), ('run/c', 0), ('run/broken', 0)}
    out = tmp_path / 'rawframes'
    counts = extract_dataset(items, str(out), algorithm='farneback')
    assert counts == dict(done=3, skipped=0, failed=1)
    report = (out / 'failed_videos.txt').read_text()
    assert 'broken.mp4' in report and 'a.mp4' not in report
    listed = sorted((out / 'rawframes_list.txt').read_text().splitlines())
    assert listed == ['run/c 4 0', 'walk/a 4 1', 'walk/b 4 1']

    marker = out / 'walk' / 'a' / 'img_00001.jpg'
    before = marker.stat().st_mtime_ns
    counts = extract_dataset(items, str(out), algorithm='farneback',
                             workers=2)
    assert counts == dict(done=0, skipped=3, failed=1)
    assert marker.stat().st_mtime_ns == before  # finished videos untouched


def test_video_list_input_and_errors(tmp_path):
    write_video(tmp_path / 'v' / 'x.mp4')
    ann = tmp_path / 'list.txt'
    ann.write_text('x.mp4 3\n')
    (item, ) = videos_from_list(str(ann), str(tmp_path / 'v'))
    assert (item.name, item.label) == ('x', 3)
    ann.write_text('x.mp4\n')
    with pytest.raises(ValueError, match='list.txt:1'):
        videos_from_list(str(ann))


def test_cli_runs_on_a_folder(tmp_path):
    from mmvid_plugin.cli.extract_flow import main
    write_video(tmp_path / 'videos' / 'a.mp4')
    counts = main([str(tmp_path / 'videos'), str(tmp_path / 'out'),
                   '--algorithm', 'farneback', '--size', '32'])
    assert counts['done'] == 1
    frame = cv2.imread(str(tmp_path / 'out' / 'a' / 'img_00001.jpg'))
    assert min(frame.shape[:2]) == 32
