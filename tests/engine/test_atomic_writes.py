"""Files taken as complete appear whole or not at all
(mmvid_plugin/utils/atomic.py), every writer of the package goes through
that one helper, and a checkpoint save killed half way leaves the previous
checkpoint loadable."""
import os
import os.path as osp
import pickle
import re
import signal
import subprocess
import sys
import textwrap

import pytest
import torch

from mmvid_plugin.engine import load_checkpoint_safely
from mmvid_plugin.utils.atomic import (AtomicPath, atomic_directory,
                                       atomic_open, write_text_atomically)
from tests.helpers.runs import REPO


def test_failed_writer_keeps_the_previous_file(tmp_path):
    path = tmp_path / 'report.txt'
    write_text_atomically(str(path), 'old')
    with pytest.raises(RuntimeError):
        with atomic_open(str(path)) as f:
            f.write('half of the new')
            raise RuntimeError('writer failed')
    assert path.read_text() == 'old'
    assert os.listdir(tmp_path) == ['report.txt']  # no temporary left


def test_name_from_content_and_suffix(tmp_path):
    pending = AtomicPath(name_from_content=lambda temp: str(
        tmp_path / f'w-{osp.getsize(temp)}.bin'), directory=str(tmp_path),
        suffix='.bin')
    with pending as temp:
        assert temp.endswith('.bin') and osp.dirname(temp) == str(tmp_path)
        with open(temp, 'wb') as f:
            f.write(b'12345')
    assert pending.path == str(tmp_path / 'w-5.bin')
    assert os.listdir(tmp_path) == ['w-5.bin']


def test_directory_appears_complete_and_replaces_only_when_asked(tmp_path):
    out = tmp_path / 'frames'
    with atomic_directory(str(out)) as temp:
        open(osp.join(temp, 'img_00001.jpg'), 'wb').close()
        assert not out.exists()
    assert os.listdir(out) == ['img_00001.jpg']
    with pytest.raises(FileExistsError, match='not replaced'):
        with atomic_directory(str(out)):
            pass
    with atomic_directory(str(out), replace=True) as temp:
        open(osp.join(temp, 'flow_x_00001.jpg'), 'wb').close()
    assert os.listdir(out) == ['flow_x_00001.jpg']
    assert sorted(os.listdir(tmp_path)) == ['frames']


RENAMES = re.compile(r'os\.replace|os\.rename|mkstemp|mkdtemp|'
                     r'NamedTemporaryFile')


def test_every_writer_goes_through_the_one_helper():
    """No module of the package or its tools renames temporaries itself
    (the reference-output tools run outside the package's environment)."""
    offenders = []
    for folder in ('mmvid_plugin', 'tools'):
        for root, _, files in os.walk(osp.join(REPO, folder)):
            if 'reference_outputs' in root:
                continue
            for name in files:
                path = osp.join(root, name)
                rel = osp.relpath(path, REPO)
                if not name.endswith('.py') or rel in (
                        'mmvid_plugin/utils/atomic.py',
                        'tools/make_reference_outputs.py'):
                    continue
                with open(path, encoding='utf-8') as f:
                    for number, line in enumerate(f, start=1):
                        if RENAMES.search(line):
                            offenders.append(f'{rel}:{number}')
    assert not offenders, offenders


KILLED_SAVE = textwrap.dedent('''
    import sys, time, torch
    sys.path.insert(0, {repo!r})
    from mmvid_plugin.engine import checkpoint_io
    latest = {latest!r}
    checkpoint_io.save_checkpoint_atomically(
        dict(state_dict=dict(w=torch.ones(3)), meta=dict(epoch=1)), latest)
    real_save = torch.save

    def slow_save(obj, f):  # half the bytes, then wait to be killed
        import io
        buffer = io.BytesIO()
        real_save(obj, buffer)
        data = buffer.getvalue()
        f.write(data[:len(data) // 2])
        f.flush()
        print('half written', flush=True)
        time.sleep(60)
        f.write(data[len(data) // 2:])

    checkpoint_io.torch.save = slow_save
    checkpoint_io.save_checkpoint_atomically(
        dict(state_dict=dict(w=torch.zeros(100000)), meta=dict(epoch=2)),
        latest)
''')


def test_kill_during_checkpoint_save_keeps_the_latest_loadable(tmp_path):
    latest = str(tmp_path / 'epoch_latest.pth')
    script = KILLED_SAVE.format(repo=REPO, latest=latest)
    process = subprocess.Popen([sys.executable, '-c', script],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == 'half written'
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    loaded = load_checkpoint_safely(latest)
    assert loaded['meta']['epoch'] == 1
    torch.testing.assert_close(loaded['state_dict']['w'], torch.ones(3))
    left = [n for n in os.listdir(tmp_path) if n != 'epoch_latest.pth']
    assert all(n.startswith('.epoch_latest.pth.') and '.tmp' in n
               for n in left)


def test_dumped_predictions_are_whole_or_absent(tmp_path, monkeypatch):
    """The test tool's --dump goes through AtomicDumpResults."""
    from mmvid_plugin.evaluation import atomic_dump
    out = str(tmp_path / 'preds.pkl')
    metric = atomic_dump.AtomicDumpResults(out_file_path=out)
    metric.compute_metrics([{'pred_score': [0.1, 0.9]}])
    with open(out, 'rb') as f:
        assert pickle.load(f) == [{'pred_score': [0.1, 0.9]}]

    def failing_dump(obj, path):
        with open(path, 'wb') as f:
            f.write(b'trunc')
        raise OSError('disk full')
    monkeypatch.setattr(atomic_dump, 'dump', failing_dump)
    with pytest.raises(OSError, match='disk full'):
        metric.compute_metrics([{'pred_score': [1.0]}])
    with open(out, 'rb') as f:
        assert pickle.load(f) == [{'pred_score': [0.1, 0.9]}]
    with open(osp.join(REPO, 'mmvid_plugin', 'cli', 'test.py')) as f:
        assert "type='AtomicDumpResults'" in f.read()
