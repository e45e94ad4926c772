"""tools/predict.py: whole-video top-k, sliding windows over time, a GIF /
MP4 with the predictions and a timeline, and clear input errors."""
import math
import os
import os.path as osp
import re
import runpy
import sys

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from tests.helpers.runs import REPO, run_python

TOOL = osp.join(REPO, 'tools', 'predict.py')
CONFIG = osp.join(REPO, 'configs', 'motion_digits',
                  'tinyconv3d_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py')
WIDTH, HEIGHT, FPS, FRAMES = 640, 360, 25, 150


def write_video(path):
    """A 640x360, 25 fps, 6 s clip: a white square crossing a gradient."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'),
                             FPS, (WIDTH, HEIGHT))
    ramp = np.linspace(0, 160, WIDTH, dtype=np.uint8)
    for index in range(FRAMES):
        frame = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
        frame[..., 1] = ramp[None]
        left = 10 + index * 4
        cv2.rectangle(frame, (left, 120), (left + 90, 210), (255,) * 3, -1)
        writer.write(frame)
    writer.release()
    return str(path)


@pytest.fixture(scope='module')
def inputs(tmp_path_factory):
    """(folder, video, checkpoint, labels file) of an untrained model."""
    from mmaction.registry import MODELS
    folder = tmp_path_factory.mktemp('predict')
    init_default_scope('mmaction')
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(CONFIG).model)
    model.init_weights()
    state = model.state_dict()
    state['cls_head.fc_cls.weight'] *= 200  # spread the untrained scores
    checkpoint = str(folder / 'model.pth')
    torch.save(dict(state_dict=state), checkpoint)
    labels = folder / 'labels.txt'
    labels.write_text(''.join(f'class {i}\n' for i in range(10)))
    return folder, write_video(folder / 'clip.mp4'), checkpoint, str(labels)


@pytest.fixture
def one_thread():
    """Run the tiny model on one thread (the test machine's cores are
    shared; two threads contend)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def tool_main(argv):
    """The tool's work with its errors raised (``main`` exits with them)."""
    from mmvid_plugin.cli.predict import run
    return run(argv)


def section(lines, header_start, count):
    index = next(i for i, line in enumerate(lines)
                 if line.startswith(header_start))
    return lines[index + 1:index + 1 + count]


def visible_centre(window):
    """Middle frame of where a default window shows on the timeline: from
    its start to the next window's (the end-aligned last one covers the
    overlap)."""
    starts = [*range(0, 129, 16), FRAMES - 16, FRAMES]
    return (starts[window] + starts[window + 1]) / 2


def test_top_k_windows_and_gif(inputs):
    from PIL import Image

    from mmvid_plugin.apis import class_colour
    folder, video, checkpoint, labels = inputs
    out = str(folder / 'pred.gif')
    result = run_python([TOOL, video, CONFIG, checkpoint, '--labels', labels,
                         '--top-k', '3', '--out', out],
                        env=dict(OMP_NUM_THREADS='1'))  # shared cores
    lines = result.stdout.splitlines()
    assert lines[0] == (f'video: {video} (640x360, 25.00 fps, 150 frames, '
                        '6.00 s)')  # logs go to stderr
    top = [line.split() for line in section(lines, 'whole video, top-3', 3)]
    assert [row[0] for row in top] == ['1.', '2.', '3.']
    scores = [float(row[-1]) for row in top]
    assert scores == sorted(scores, reverse=True)
    assert 0 < sum(scores) <= 1 + 1e-4
    # default window: the config's 16-frame clip = 0.64 s at 25 fps
    assert 'windows: 10 of 0.64 s, stride 0.64 s' in lines
    rows = [line.split() for line in section(lines, '  start_s', 10)]
    assert len(rows) == math.ceil(FRAMES / FPS / 0.64)
    starts = [float(row[0]) for row in rows]
    assert starts[:9] == [round(i * 0.64, 2) for i in range(9)]
    assert float(rows[-1][1]) == 6.0  # the last window ends with the video
    classes = [int(row[3]) for row in rows]  # 'class', index
    assert '10/10 windows' in result.stderr and 'ETA' in result.stderr

    gif = Image.open(out)
    assert gif.n_frames == math.ceil(FRAMES / 2)  # every 2nd frame: 12.5 fps
    assert gif.size == (320, 180 + 16)
    assert f'wrote {out} (75 frames, 320x196, 12.50 fps)' in lines
    for shown in (0, 40, 74):
        gif.seek(shown)
        strip = np.asarray(gif.convert('RGB'))[180 + 2:]
        frame = shown * 2
        for window, label in enumerate(classes):
            x = int(visible_centre(window) * 320 / FRAMES)
            if abs(x - int(frame * 320 / FRAMES)) > 2:
                assert np.abs(strip[:, x].astype(int) - class_colour(
                    label)).max() <= 12, (shown, window)
        cursor = int(frame * 320 / FRAMES)
        assert (strip[:, cursor] >= 245).all(), shown
    assert sorted(os.listdir(folder)) == [
        'clip.mp4', 'labels.txt', 'model.pth', 'pred.gif']


def test_timeline_colours_segments_and_labels(inputs, tmp_path):
    from PIL import Image

    from mmvid_plugin.apis import class_colour, write_annotated_video
    _, video, _, _ = inputs
    segments = [(0, 50, 0, 'zero 0.50'), (50, 100, 7, 'seven 0.60'),
                (100, 150, 2, 'two 0.70')]
    written = write_annotated_video(str(tmp_path / 'a.gif'), video, FPS,
                                    FRAMES, (HEIGHT, WIDTH), segments,
                                    out_fps=5)
    gif = Image.open(written['path'])
    assert gif.n_frames == written['frames'] == FRAMES // 5
    boxes = []
    for shown in range(gif.n_frames):
        gif.seek(shown)
        image = np.asarray(gif.convert('RGB')).astype(int)
        strip, frame = image[182:], shown * 5
        cursor = int(frame * 320 / FRAMES)
        assert (strip[:, cursor] >= 245).all()
        for start, end, label, _ in segments:
            x = int((start + end) / 2 * 320 / FRAMES)
            if abs(x - cursor) > 2:
                assert np.abs(strip[:, x] - class_colour(label)).max() <= 12
        box = image[:22, :60]
        assert (box.max(-1) >= 200).any() and (box.max(-1) <= 20).mean() > .5
        boxes.append(box)
    # the label follows the current window
    assert np.abs(boxes[0] - boxes[9]).max() <= 12  # both in 'zero'
    assert np.abs(boxes[0] - boxes[-1]).max() > 100  # 'zero', 'two'
    assert len(set(class_colour(i) for i in range(20))) == 20


def test_chosen_windows_and_mp4(inputs, one_thread):
    folder, video, checkpoint, _ = inputs
    out = str(folder / 'sub' / 'pred.mp4')
    result = tool_main([video, CONFIG, checkpoint, '--window-seconds', '1',
                        '--stride-seconds', '0.5', '--out', out])
    prediction = result['prediction']
    # 25-frame windows every 12 frames (0.5 s rounds to 12), the last one
    # moved back to end at frame 150
    bounds = [(w.start, w.end) for w in prediction.windows]
    assert len(bounds) == math.ceil((FRAMES - 25) / 12) + 1
    assert bounds[0] == (0, 25) and bounds[-1] == (125, 150)
    assert result['names'] == [str(i) for i in range(10)]
    np.testing.assert_allclose(prediction.scores.sum(), 1, rtol=1e-5)
    written = cv2.VideoCapture(out)
    assert int(written.get(cv2.CAP_PROP_FRAME_COUNT)) == FRAMES
    ok, frame = written.read()
    assert ok and frame.shape == (196, 320, 3)
    assert result['out']['frames'] == FRAMES


def test_short_video_has_no_windows(inputs, one_thread):
    folder, video, checkpoint, _ = inputs
    result = tool_main([video, CONFIG, checkpoint, '--window-seconds', '7'])
    assert result['prediction'].windows == []
    assert result['prediction'].window == 175


def test_input_errors(inputs):
    from mmvid_plugin.apis import PredictError
    folder, video, checkpoint, labels = inputs
    missing = str(folder / 'missing.mp4')
    with pytest.raises(FileNotFoundError,
                       match=re.escape(f'video {missing} does not')):
        tool_main([missing, CONFIG, checkpoint])
    bad = folder / 'broken.mp4'
    bad.write_bytes(b'not a video at all' * 10)
    with pytest.raises(PredictError, match=re.escape(
            f'video {bad} cannot be decoded')):
        tool_main([str(bad), CONFIG, checkpoint])
    nine = folder / 'nine.txt'
    nine.write_text(''.join(f'c{i}\n' for i in range(9)))
    with pytest.raises(PredictError, match=re.escape(
            f'labels file {nine}: 9 lines, but the model has '
            'num_classes=10')):
        tool_main([video, CONFIG, checkpoint, '--labels', str(nine)])
    bare = folder / 'no_pipeline.py'
    bare.write_text("model = dict(type='Recognizer3D')\n")
    with pytest.raises(PredictError, match=re.escape(
            f'config {bare}: no test pipeline')):
        tool_main([video, str(bare), checkpoint])
    for path in (bad, nine, bare):
        path.unlink()


def test_command_line_error_is_one_line(inputs, monkeypatch, capsys):
    folder, video, checkpoint, _ = inputs
    missing = str(folder / 'missing.mp4')
    monkeypatch.setattr(sys, 'argv', [TOOL, missing, CONFIG, checkpoint])
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_path(TOOL, run_name='__main__')
    assert str(exit_info.value) == (
        f'predict.py: error: video {missing} does not exist: expected a '
        'video file such as an .mp4')


def test_window_bounds_cover_the_video():
    from mmvid_plugin.apis import window_bounds, window_count
    for total, window, stride in [(150, 16, 16), (150, 16, 5), (16, 16, 4),
                                  (10, 16, 16), (100, 25, 25)]:
        bounds = window_bounds(total, window, stride)
        assert len(bounds) == window_count(total, window, stride)
        assert bounds[0][0] == 0 and bounds[-1][1] == total
        assert all(end - start == min(window, total)
                   for start, end in bounds)
