"""Two gloo processes: the same global batch learns what one process
learns, and a rank killed mid-run ends the whole job with a message naming
it instead of a hang."""
import glob
import json
import os
import os.path as osp
import re
import signal
import subprocess
import sys
import time

from tests.helpers.runs import REPO, free_port, run_python, write_tiny_config

#: Max |top-1 difference| between 1 and 2 processes: BN statistics are per
#: process (2 clips instead of 4), and the 20-clip val split moves in 5%
#: steps.
TOLERANCE = 0.15


def config(path, data_root, batch_size, epochs=8):
    return write_tiny_config(path, data_root, max_epochs=epochs,
                             batch_size=batch_size, deterministic=True)


def last_val_top1(work_dir):
    """The last validation top-1 of the run's MMEngine JSON log."""
    (log, ) = glob.glob(osp.join(work_dir, '*', 'vis_data', '2*.json'))
    with open(log) as f:
        records = [json.loads(line) for line in f if 'acc/top1' in line]
    return records[-1]['acc/top1']


def torchrun_env():
    return dict(os.environ, PYTHON=sys.executable, PORT=str(free_port()),
                PYTHONPATH=REPO, CUDA_VISIBLE_DEVICES='')


def test_two_processes_learn_what_one_learns(tmp_path, tiny_data_root):
    one = str(tmp_path / 'one')
    run_python(['tools/train.py', config(tmp_path / 'one.py',
                                         tiny_data_root, 4),
                '--work-dir', one])
    two = str(tmp_path / 'two')
    result = subprocess.run(
        ['bash', 'tools/dist_train.sh',
         config(tmp_path / 'two.py', tiny_data_root, 2), '2',
         '--work-dir', two], cwd=REPO, env=torchrun_env(),
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    single, double = last_val_top1(one), last_val_top1(two)
    assert single > 0.2  # both learn: chance is 0.1
    assert abs(single - double) <= TOLERANCE, (single, double)


def worker_pids(parent: int) -> list:
    """Child processes of ``parent`` (from /proc)."""
    children = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(entry))
    return sorted(children)


def test_a_killed_rank_ends_the_job_naming_it(tmp_path, tiny_data_root):
    cfg = config(tmp_path / 'cfg.py', tiny_data_root, 2, epochs=50)
    process = subprocess.Popen(
        [sys.executable, '-m', 'torch.distributed.run', '--nnodes=1',
         f'--master_port={free_port()}', '--nproc_per_node=2',
         f'{REPO}/tools/train.py', cfg, '--work-dir', str(tmp_path / 'w'),
         '--launcher', 'pytorch'], cwd=REPO, env=torchrun_env(),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if re.search(r'Epoch\(train\)\s*\[1\]\[\s*2/', line):
            break
    workers = worker_pids(process.pid)
    assert len(workers) == 2, (workers, ''.join(lines)[-2000:])
    start = time.time()
    os.kill(workers[1], signal.SIGKILL)
    output = process.communicate(timeout=120)[0]
    assert time.time() - start < 120
    assert process.returncode != 0
    assert all(not osp.exists(f'/proc/{pid}') or
               open(f'/proc/{pid}/stat').read().split()[2] == 'Z'
               for pid in workers)
    assert 'SIGKILL' in output and re.search(r'rank\s*:\s*1', output), \
        output[-3000:]


def test_skipped_samples_count_across_ranks(tmp_path, tiny_data_root):
    """One bad file per rank: within the ratio on each rank, beyond it
    together, so the run stops listing both."""
    with open(osp.join(tiny_data_root, 'train_list_videos.txt')) as f:
        lines = f.read().splitlines()
    # DefaultSampler without shuffle: rank 0 draws 0, 2, ..., rank 1 draws
    # 1, 3, ...; each bad one is replaced by the next index (good here)
    lines[0], lines[3] = 'missing_0.mp4 0', 'missing_3.mp4 3'
    ann = tmp_path / 'train.txt'
    ann.write_text('\n'.join(lines) + '\n')
    ratio = 1.5 / len(lines)
    skipping = (
        "train_dataloader['dataset'] = dict(type='SkipBadSamples', "
        f'max_skip_ratio={ratio}, dataset=dict(type="VideoDataset", '
        f'ann_file={str(ann)!r}, pipeline=pipeline, data_prefix=dict('
        f"video={osp.join(tiny_data_root, 'videos')!r})))\n"
        "train_dataloader['sampler']['shuffle'] = False\n")
    cfg = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root,
                            max_epochs=1, batch_size=2, extra=skipping)
    work = tmp_path / 'work'
    result = subprocess.run(
        ['bash', 'tools/dist_train.sh', cfg, '2', '--work-dir', str(work)],
        cwd=REPO, env=torchrun_env(), capture_output=True, text=True,
        timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert f'2 of {len(lines)} samples are bad' in output, output[-3000:]
    listed = (work / 'skipped_samples.txt').read_text().splitlines()
    assert sorted(listed) == [
        f"{osp.join(tiny_data_root, 'videos', name)}\tfile not found"
        for name in ('missing_0.mp4', 'missing_3.mp4')]
