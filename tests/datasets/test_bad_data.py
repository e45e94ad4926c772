"""Bad data: MMAction2's datasets stop naming the file and line, and
``SkipBadSamples`` skips, lists and gives up past its ratio."""
import os
import os.path as osp

import pytest
from mmaction.datasets import RawframeDataset, VideoDataset
from mmaction.registry import DATASETS
from mmengine.registry import init_default_scope

from mmvid_plugin.datasets import BadDataError, SkipBadSamples
from tests.helpers.bad_media import (write_corrupt_video, write_lines,
                                      write_rawframes, write_truncated_video,
                                      write_video, write_zero_frame_video)

VIDEO_PIPELINE = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=1,
         test_mode=True),
    dict(type='DecordDecode'),
]
FRAME_PIPELINE = [
    dict(type='SampleFrames', clip_len=4, frame_interval=1, num_clips=1,
         test_mode=True),
    dict(type='RawFrameDecode'),
]


@pytest.fixture(autouse=True)
def mmaction_scope():
    init_default_scope('mmaction')


def video_dataset(tmp_path, lines, **kwargs):
    ann = write_lines(tmp_path / 'ann.txt', lines)
    return VideoDataset(ann, list(VIDEO_PIPELINE),
                        data_prefix=dict(video=str(tmp_path)), **kwargs)


def frame_dataset(tmp_path, lines, **kwargs):
    ann = write_lines(tmp_path / 'frames.txt', lines)
    return RawframeDataset(ann, list(FRAME_PIPELINE),
                           data_prefix=dict(img=str(tmp_path)), **kwargs)


# Annotation lines: the dataset is not even built.

@pytest.mark.parametrize('line, expected', [
    ('a.mp4 1 2', '3 columns, expected "path label"'),
    ('a.mp4 one', "label must be an integer, got 'one'"),
    ('a.mp4', 'no label'),
])
def test_a_malformed_video_line_names_file_and_line(tmp_path, line,
                                                    expected):
    with pytest.raises(BadDataError) as error:
        video_dataset(tmp_path, ['a.mp4 0', line])
    message = str(error.value)
    assert f"{tmp_path / 'ann.txt'}, line 2" in message
    assert expected in message


def test_a_label_beyond_the_classes_is_an_error(tmp_path):
    with pytest.raises(BadDataError, match=r'line 1.*label 3 out of range, '
                       r'expected 0 <= label < num_classes=3'):
        video_dataset(tmp_path, ['a.mp4 3'], num_classes=3)


def test_a_malformed_rawframes_line_names_file_and_line(tmp_path):
    with pytest.raises(BadDataError, match=r'frames.txt, line 1.*'
                       r"total_frames must be an integer, got 'x'"):
        frame_dataset(tmp_path, ['clip x 0'])


def test_a_non_utf8_file_name_is_reported(tmp_path):
    name = b'caf\xe9.mp4'  # Latin-1, invalid in UTF-8
    os.rename(write_video(tmp_path / 'good.mp4'),
              osp.join(os.fsencode(str(tmp_path)), name))
    with pytest.raises(BadDataError, match=r'line 2.*caf\\xe9\.mp4.*not '
                       'valid UTF-8'):
        video_dataset(tmp_path, ['a.mp4 0', name + b' 1'])


def test_good_lines_keep_mmaction2_parsing(tmp_path):
    dataset = video_dataset(tmp_path, ['a.mp4 0', 'b.mp4 2'])
    assert [dataset.get_data_info(i)['label'] for i in (0, 1)] == [0, 2]
    assert dataset.get_data_info(1)['ann_line'] == 2
    unlabeled = video_dataset(tmp_path, ['a.mp4'], test_mode=True)
    assert unlabeled.get_data_info(0)['label'] == -1


# Media: loading a sample raises naming the file, line and reason.

@pytest.mark.parametrize('write, reason', [
    (write_corrupt_video, 'cannot be decoded as a video'),
    (write_truncated_video, 'cannot be decoded as a video'),
    (write_zero_frame_video, 'the file holds no video stream (no frames)'),
])
def test_a_bad_video_names_file_and_line(tmp_path, write, reason):
    write_video(tmp_path / 'good.mp4')
    write(tmp_path / 'bad.mp4')
    dataset = video_dataset(tmp_path, ['good.mp4 0', 'bad.mp4 1'])
    assert dataset[0]['imgs'][0].shape == (32, 32, 3)
    with pytest.raises(BadDataError) as error:
        dataset[1]
    assert f"ann.txt, line 2: {tmp_path / 'bad.mp4'}: {reason}" in \
        str(error.value)


def test_a_missing_video_names_file_and_line(tmp_path):
    dataset = video_dataset(tmp_path, ['gone.mp4 0'])
    with pytest.raises(BadDataError, match=r'line 1: .*gone\.mp4: file not '
                       'found'):
        dataset[0]


def test_a_video_shorter_than_the_clip_repeats_frames(tmp_path):
    write_video(tmp_path / 'short.mp4', frames=3)
    results = video_dataset(tmp_path, ['short.mp4 0'])[0]
    assert len(results['imgs']) == 8  # MMAction2 loops the 3 frames
    assert results['total_frames'] == 3


def test_missing_rawframes_name_the_folder_and_frame(tmp_path):
    write_rawframes(tmp_path / 'clip', frames=8)
    os.remove(tmp_path / 'clip' / 'img_00004.jpg')  # a sampled one
    dataset = frame_dataset(tmp_path, ['clip 8 0'])
    with pytest.raises(BadDataError, match=r'line 1: .*clip: 1 frame '
                       r'file\(s\) missing \(img_00004\.jpg\)'):
        dataset[0]


def test_missing_flow_images_name_the_folder_and_frame(tmp_path):
    write_rawframes(tmp_path / 'clip', frames=8, flow=True)
    os.remove(tmp_path / 'clip' / 'flow_y_00005.jpg')  # a sampled one
    dataset = frame_dataset(tmp_path, ['clip 8 0'], modality='Flow',
                            filename_tmpl='flow_{}_{:05d}.jpg')
    with pytest.raises(BadDataError, match=r'missing \(flow_y_00005\.jpg\)'):
        dataset[0]


def buggy_transform(results):
    return results['no such key']


def test_a_bug_on_good_media_is_not_called_bad_data(tmp_path):
    write_video(tmp_path / 'good.mp4')
    ann = write_lines(tmp_path / 'ann.txt', ['good.mp4 0'])
    pipeline = VIDEO_PIPELINE + [buggy_transform]
    with pytest.raises(KeyError) as error:
        VideoDataset(ann, pipeline, data_prefix=dict(video=str(tmp_path)))[0]
    assert any('good.mp4' in note
               for note in getattr(error.value, '__notes__', []))


# SkipBadSamples.

def skip_dataset(tmp_path, bad, total=5, ratio=0.25):
    for i in range(total):
        if i not in bad:
            write_video(tmp_path / f'{i}.mp4')
    lines = [f'{i}.mp4 {i % 3}' for i in range(total)]
    return DATASETS.build(dict(
        type='SkipBadSamples', max_skip_ratio=ratio,
        list_file=str(tmp_path / 'skipped_samples.txt'),
        dataset=dict(type='VideoDataset',
                     ann_file=write_lines(tmp_path / 'ann.txt', lines),
                     data_prefix=dict(video=str(tmp_path)),
                     pipeline=VIDEO_PIPELINE)))


def test_skip_bad_samples_returns_the_next_good_one(tmp_path):
    dataset = skip_dataset(tmp_path, bad={1})
    assert isinstance(dataset, SkipBadSamples) and len(dataset) == 5
    assert dataset[1]['filename'] == str(tmp_path / '2.mp4')
    assert dataset[1]['filename'] == str(tmp_path / '2.mp4')
    assert dataset[0]['filename'] == str(tmp_path / '0.mp4')
    listed = (tmp_path / 'skipped_samples.txt').read_text().splitlines()
    assert listed == [f"{tmp_path / '1.mp4'}\tfile not found"]  # once


def test_skip_bad_samples_stops_past_the_ratio(tmp_path):
    dataset = skip_dataset(tmp_path, bad={1, 3}, ratio=0.25)
    dataset[1]  # 1 of 5 bad: within 0.25
    with pytest.raises(RuntimeError) as error:
        dataset[3]  # 2 of 5: beyond
    message = str(error.value)
    assert '2 of 5 samples are bad' in message
    assert '1.mp4: file not found' in message
    assert '3.mp4: file not found' in message


def test_skip_bad_samples_counts_what_other_workers_listed(tmp_path):
    dataset = skip_dataset(tmp_path, bad={3}, ratio=0.25)
    with open(dataset.list_file, 'a') as f:  # another worker's find
        f.write('elsewhere.mp4\tfile not found\n')
    with pytest.raises(RuntimeError, match='2 of 5 samples are bad'):
        dataset[3]


def test_skip_bad_samples_does_not_hide_bugs(tmp_path):
    write_video(tmp_path / 'good.mp4')
    ann = write_lines(tmp_path / 'ann.txt', ['good.mp4 0'])
    dataset = SkipBadSamples(dict(
        type='VideoDataset', ann_file=ann,
        data_prefix=dict(video=str(tmp_path)),
        pipeline=VIDEO_PIPELINE + [buggy_transform]))
    with pytest.raises(KeyError):
        dataset[0]
    assert dataset.skipped() == {}


# Through the runner, with a DataLoader worker.

def run_one_epoch(tmp_path, dataset, val_dataset=None):
    from mmengine.runner import Runner
    pipeline = VIDEO_PIPELINE + [
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackActionInputs')]
    dataset['dataset' if dataset['type'] == 'SkipBadSamples' else
            'pipeline'] = dict(dataset['dataset'], pipeline=pipeline) \
        if dataset['type'] == 'SkipBadSamples' else pipeline
    runner = Runner(
        model=dict(
            type='Recognizer3D',
            backbone=dict(type='TinyVideoConvNet', widths=(4, 4, 4)),
            cls_head=dict(type='I3DHead', num_classes=3, in_channels=4),
            data_preprocessor=dict(type='ActionDataPreprocessor',
                                   format_shape='NCTHW')),
        work_dir=str(tmp_path / 'work'),
        # its own logger, even when another runner started this second
        experiment_name=tmp_path.name,
        train_dataloader=dict(
            batch_size=2, num_workers=1, persistent_workers=False,
            sampler=dict(type='DefaultSampler', shuffle=False),
            dataset=dataset),
        train_cfg=dict(by_epoch=True, max_epochs=1),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        custom_hooks=[dict(type='SkippedSamplesHook'),
                      dict(type='LabelRangeHook')],
        **(val_dataset and dict(
            val_dataloader=dict(
                batch_size=2, sampler=dict(type='DefaultSampler',
                                           shuffle=False),
                dataset=dict(val_dataset, pipeline=pipeline)),
            val_cfg=dict(), val_evaluator=dict(type='AccMetric')) or {}),
        default_hooks=dict(checkpoint=None),
        default_scope='mmaction')
    runner.train()
    return runner


def videos_with_one_missing(tmp_path, total=4, missing=2):
    for i in range(total):
        if i != missing:
            write_video(tmp_path / f'{i}.mp4')
    return write_lines(tmp_path / 'ann.txt',
                       [f'{i}.mp4 {i % 3}' for i in range(total)])


def test_training_stops_naming_the_bad_file(tmp_path):
    ann = videos_with_one_missing(tmp_path)
    with pytest.raises(BadDataError) as error:  # re-raised by the worker
        run_one_epoch(tmp_path, dict(
            type='VideoDataset', ann_file=ann,
            data_prefix=dict(video=str(tmp_path))))
    assert f"ann.txt, line 3: {tmp_path / '2.mp4'}: file not found" in \
        str(error.value)


def test_training_skips_and_lists_the_bad_file(tmp_path):
    ann = videos_with_one_missing(tmp_path)
    runner = run_one_epoch(tmp_path, dict(
        type='SkipBadSamples', max_skip_ratio=0.25, dataset=dict(
            type='VideoDataset', ann_file=ann,
            data_prefix=dict(video=str(tmp_path)))))
    listed = tmp_path / 'work' / 'skipped_samples.txt'
    assert listed.read_text() == f"{tmp_path / '2.mp4'}\tfile not found\n"
    with open(runner.logger.log_file) as f:
        log = f.read()
    assert runner.iter == 2  # 4 samples, batches of 2
    assert log.count(f"SkipBadSamples: skipping {tmp_path / '2.mp4'}") == 1
    assert 'epoch 1: 1 bad samples skipped of 4' in log


def test_training_stops_on_a_label_the_head_cannot_predict(tmp_path):
    ann = write_lines(tmp_path / 'ann.txt', ['0.mp4 0', '1.mp4 5'])
    with pytest.raises(BadDataError) as error:  # before any step
        run_one_epoch(tmp_path, dict(
            type='VideoDataset', ann_file=ann,
            data_prefix=dict(video=str(tmp_path))))
    assert "1 train sample(s)" in str(error.value)
    assert f"ann.txt, line 2: {tmp_path / '1.mp4'}: label 5 out of " \
        'range, expected 0 <= label < num_classes=3' in str(error.value)


def test_validation_stops_on_a_label_the_head_cannot_predict(tmp_path):
    ann = videos_with_one_missing(tmp_path, missing=None)
    val = write_lines(tmp_path / 'val.txt', ['0.mp4 3'])
    with pytest.raises(BadDataError, match=r'(?s)1 val sample.*val.txt, line '
                       r'1: .*0.mp4: label 3 out of range'):
        run_one_epoch(tmp_path, dict(
            type='VideoDataset', ann_file=ann,
            data_prefix=dict(video=str(tmp_path))), val_dataset=dict(
                type='VideoDataset', ann_file=val, test_mode=True,
                data_prefix=dict(video=str(tmp_path))))


def test_training_skips_a_label_the_head_cannot_predict(tmp_path):
    ann = videos_with_one_missing(tmp_path, missing=None)
    write_lines(ann, ['0.mp4 0', '1.mp4 7', '2.mp4 2', '3.mp4 1'])
    listed = tmp_path / 'skipped.txt'
    runner = run_one_epoch(tmp_path, dict(
        type='SkipBadSamples', max_skip_ratio=0.25, list_file=str(listed),
        dataset=dict(type='VideoDataset', ann_file=ann,
                     data_prefix=dict(video=str(tmp_path)))))
    assert listed.read_text() == (
        f"{tmp_path / '1.mp4'}\tlabel 7 out of range, expected "
        '0 <= label < num_classes=3\n')
    assert runner.iter == 2
