"""tools/check_dataset.py (run as a script in this interpreter): every bad
line and file is reported, and the exit code says whether any was found."""
import os
import os.path as osp
import runpy
import sys

import pytest

from tests.helpers.runs import REPO
from tests.helpers.bad_media import (write_corrupt_video, write_lines,
                                      write_rawframes, write_truncated_video,
                                      write_video, write_zero_frame_video)
from tools.check_dataset import main

TOOL = osp.join(REPO, 'tools', 'check_dataset.py')


def run_tool(args, monkeypatch, capsys):
    """``python tools/check_dataset.py ARGS`` in this interpreter (the
    package is imported already): ``(exit code, stdout)``."""
    monkeypatch.setattr(sys, 'argv', [TOOL, *map(str, args)])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_path(TOOL, run_name='__main__')
    return exit_.value.code, capsys.readouterr().out


def test_bad_videos_and_lines_are_reported(tmp_path, monkeypatch, capsys):
    write_video(tmp_path / 'good.mp4')
    write_corrupt_video(tmp_path / 'corrupt.mp4')
    write_truncated_video(tmp_path / 'truncated.mp4')
    write_zero_frame_video(tmp_path / 'empty.mp4')
    ann = write_lines(tmp_path / 'ann.txt', [
        'good.mp4 0', 'corrupt.mp4 1', 'truncated.mp4 1', 'empty.mp4 1',
        'gone.mp4 2', 'good.mp4 1 2', 'good.mp4 x', 'good.mp4 7',
        b'caf\xe9.mp4 1'])
    report = tmp_path / 'report.txt'
    code, out = run_tool([ann, '--data-prefix', tmp_path, '--num-classes',
                          5, '--report', report], monkeypatch, capsys)
    assert code == 1
    assert '8 bad of 9 lines' in out
    lines = report.read_text().splitlines()
    assert [line.split('\t')[0].split(': ')[-1] for line in lines] == [
        f'line {n}' for n in range(2, 10)]
    text = report.read_text()
    for expected in (f"{tmp_path / 'corrupt.mp4'}\tcannot be decoded",
                     f"{tmp_path / 'truncated.mp4'}\tcannot be decoded",
                     f"{tmp_path / 'empty.mp4'}\tthe file holds no video",
                     f"{tmp_path / 'gone.mp4'}\tfile not found",
                     '3 columns, expected "path label"',
                     "label must be an integer, got 'x'",
                     'label 7 out of range, expected 0 <= label < '
                     'num_classes=5',
                     'caf\\xe9.mp4 1\tline is not valid UTF-8'):
        assert expected in text
    assert 'good.mp4 0' not in text and 'line 1\t' not in text


def test_a_good_list_passes_with_an_empty_report(tmp_path, monkeypatch,
                                                 capsys):
    write_video(tmp_path / 'a.mp4')
    ann = write_lines(tmp_path / 'ann.txt', ['a.mp4 0', 'a.mp4 1'])
    report = tmp_path / 'report.txt'
    code, out = run_tool([ann, '--data-prefix', tmp_path, '--report',
                          report], monkeypatch, capsys)
    assert code == 0 and '0 bad of 2 lines' in out
    assert report.read_text() == ''


def test_missing_rawframes_and_flow_are_reported(tmp_path):
    write_rawframes(tmp_path / 'rgb', frames=4)
    os.remove(tmp_path / 'rgb' / 'img_00004.jpg')
    write_rawframes(tmp_path / 'flow', frames=4, flow=True)
    os.remove(tmp_path / 'flow' / 'flow_x_00001.jpg')
    write_rawframes(tmp_path / 'fine', frames=4, flow=True)
    report = tmp_path / 'report.txt'
    rgb = write_lines(tmp_path / 'rgb.txt', ['rgb 4 0', 'absent 4 0'])
    assert main([rgb, '--data-prefix', str(tmp_path), '--type',
                 'rawframes', '--report', str(report)]) == 1
    text = report.read_text()
    assert 'line 1\t' in text and 'missing (img_00004.jpg)' in text
    assert 'line 2\t' in text and 'frame folder not found' in text
    flow = write_lines(tmp_path / 'flow.txt', ['fine 4 0', 'flow 4 0'])
    assert main([flow, '--data-prefix', str(tmp_path), '--type',
                 'rawframes', '--modality', 'Flow', '--report',
                 str(report)]) == 1
    lines = report.read_text().splitlines()
    assert len(lines) == 1 and 'line 2\t' in lines[0]
    assert 'missing (flow_x_00001.jpg)' in lines[0]
