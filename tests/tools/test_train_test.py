"""End to end through MMEngine's runner: custom_imports, resume after a
kill, testing with --dump, and two-process CPU training."""
import glob
import json
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import pytest
import torch

from tests.helpers.runs import REPO, free_port, run_python, write_tiny_config


def epoch_losses(work_dir):
    """Mean training loss per epoch from the newest scalars.json."""
    path = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                     'scalars.json')))[-1]
    losses = {}
    with open(path) as f:
        for line in f:
            record = json.loads(line)
            if 'loss' in record:
                losses.setdefault(record['epoch'], []).append(record['loss'])
    return {epoch: sum(v) / len(v) for epoch, v in losses.items()}


def test_custom_imports_alone_reach_our_components(tmp_path, tiny_data_root):
    config = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root,
                               max_epochs=4)
    work_dir = str(tmp_path / 'work')
    script = (
        'import sys\n'
        'from mmengine.config import Config\n'
        'from mmengine.runner import Runner\n'
        "assert 'mmvid_plugin' not in sys.modules\n"
        f'cfg = Config.fromfile({config!r})\n'
        f'cfg.work_dir = {work_dir!r}\n'
        'Runner.from_cfg(cfg).train()\n'
        "assert 'mmvid_plugin' in sys.modules\n")
    run_python(['-c', script], env={'PYTHONPATH': REPO})
    losses = epoch_losses(work_dir)
    assert sorted(losses) == [1, 2, 3, 4]
    assert losses[4] < losses[1], losses
    checkpoint = torch.load(osp.join(work_dir, 'epoch_4.pth'),
                            weights_only=True)  # stock loader, no allow-list
    assert checkpoint['meta']['epoch'] == 4


def wait_for(path, process, timeout=300):
    start = time.time()
    while not osp.exists(path):
        if process.poll() is not None:
            raise AssertionError(f'training ended early: {process.returncode}')
        if time.time() - start > timeout:
            raise AssertionError(f'{path} did not appear in {timeout}s')
        time.sleep(0.05)


@pytest.fixture(scope='module')
def resumed_run(tmp_path_factory, tiny_data_root):
    """Train, kill the process after epoch 1, resume with --resume."""
    tmp = tmp_path_factory.mktemp('resume')
    config = write_tiny_config(tmp / 'cfg.py', tiny_data_root, max_epochs=5)
    work_dir = str(tmp / 'work')
    env = dict(os.environ, PYTHONPATH=REPO)
    env.pop('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', None)
    process = subprocess.Popen(
        [sys.executable, 'tools/train.py', config, '--work-dir', work_dir],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    wait_for(osp.join(work_dir, 'epoch_2.pth'), process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = sorted(glob.glob(osp.join(work_dir, 'epoch_*.pth')))
    result = run_python(['tools/train.py', config, '--work-dir', work_dir,
                         '--resume'])
    return dict(config=config, work_dir=work_dir, killed_at=killed_at,
                log=result.stdout + result.stderr)


def test_killed_run_resumes_with_weights_only(resumed_run):
    assert 'epoch_5.pth' not in str(resumed_run['killed_at'])
    log = resumed_run['log']
    assert 'resumed epoch' in log.lower(), log[-2000:]
    assert 'Epoch(train) [1]' not in log  # epoch 1 is not trained again
    assert osp.exists(osp.join(resumed_run['work_dir'], 'epoch_5.pth'))
    assert torch.__version__ >= '2.6'
    assert 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD' not in os.environ


def test_test_tool_dumps_and_analysis_draws(resumed_run):
    work_dir = resumed_run['work_dir']
    dump = osp.join(work_dir, 'predictions.pkl')
    run_python(['tools/test.py', resumed_run['config'],
                osp.join(work_dir, 'epoch_5.pth'), '--work-dir', work_dir,
                '--dump', dump])
    result = run_python(['tools/analyze_results.py', work_dir, dump])
    top1 = float(result.stdout.split('top1: ')[1].split()[0])
    assert 0.0 <= top1 <= 1.0
    for name in ('confusion_matrix.png', 'training_curves.png'):
        with open(osp.join(work_dir, name), 'rb') as f:
            assert f.read(8) == b'\x89PNG\r\n\x1a\n'


def test_test_tool_folds_bn_with_the_same_predictions(resumed_run):
    import pickle
    work_dir = resumed_run['work_dir']
    dumps = {}
    for fold in (False, True):
        dumps[fold] = osp.join(work_dir, f'fold_{fold}.pkl')
        result = run_python(
            ['tools/test.py', resumed_run['config'],
             osp.join(work_dir, 'epoch_5.pth'), '--work-dir', work_dir,
             '--dump', dumps[fold]] + (['--fold-bn'] if fold else []))
    assert 'folded 3 batch norms' in result.stdout + result.stderr
    with open(dumps[False], 'rb') as f:
        plain = pickle.load(f)
    with open(dumps[True], 'rb') as f:
        folded = pickle.load(f)
    assert len(plain) == len(folded) > 0
    for a, b in zip(plain, folded):
        torch.testing.assert_close(a['pred_score'], b['pred_score'],
                                   rtol=1e-4, atol=1e-5)


def test_test_tool_rejects_bad_dump_name(resumed_run):
    result = run_python(['tools/test.py', resumed_run['config'],
                         'unused.pth', '--dump', 'out.json'], check=False)
    assert result.returncode != 0
    assert 'expected a .pkl' in result.stderr


def test_two_process_cpu_training_and_testing(tmp_path, tiny_data_root):
    """torchrun with 2 CPU processes: nccl falls back to gloo, each rank
    trains on half of the 40 clips (5 iterations of 4), and testing runs
    distributed too."""
    config = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root,
                               max_epochs=1, dist_backend='nccl')
    work_dir = str(tmp_path / 'work')
    env = dict(os.environ, PYTHON=sys.executable, PORT=str(free_port()),
               PYTHONPATH=REPO, CUDA_VISIBLE_DEVICES='')

    def launch(*args):
        result = subprocess.run(['bash', *args], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=600)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-4000:]
        return output

    output = launch('tools/dist_train.sh', config, '2', '--work-dir',
                    work_dir)
    assert 'Distributed training: True' in output
    assert 'GPU number: 2' in output  # MMEngine's name for the world size
    assert 'Epoch(train) [1][5/5]' in output
    checkpoint = osp.join(work_dir, 'epoch_1.pth')
    assert osp.exists(checkpoint)
    env['PORT'] = str(free_port())
    output = launch('tools/dist_test.sh', config, checkpoint, '2',
                    '--work-dir', work_dir)
    assert 'Epoch(test) [3/3]' in output and 'acc/top1' in output
