"""tools/slurm_train.sh and slurm_test.sh compose the srun command the
MMAction2 convention expects (run against a stand-in ``srun`` that
records its arguments; no cluster here)."""
import os
import subprocess

import pytest

from tests.helpers.runs import REPO

FAKE_SRUN = '''#!/usr/bin/env bash
printf '%s\\n' "$@" > "$RECORD"
echo "PYTHONPATH=$PYTHONPATH" >> "$RECORD"
'''


@pytest.fixture
def srun(tmp_path):
    folder = tmp_path / 'bin'
    folder.mkdir()
    (folder / 'srun').write_text(FAKE_SRUN)
    (folder / 'srun').chmod(0o755)
    record = tmp_path / 'srun-args.txt'

    def run(script, *args, **env):
        full = dict(os.environ, PATH=f'{folder}:{os.environ["PATH"]}',
                    RECORD=str(record), PYTHON='python3', **env)
        subprocess.run(['bash', f'tools/{script}', *args], cwd=REPO,
                       env=full, check=True, timeout=30)
        return record.read_text().splitlines()
    return run


def test_train_on_two_nodes_of_four_gpus(srun):
    args = srun('slurm_train.sh', 'gpu', 'tsn', 'configs/tsn_r50.py',
                'work_dirs/tsn', '--cfg-options', 'randomness.seed=1',
                GPUS='8', GPUS_PER_NODE='4', SRUN_ARGS='--quotatype=auto -N2')
    assert args[:8] == [
        '--partition=gpu', '--job-name=tsn', '--gres=gpu:4', '--ntasks=8',
        '--ntasks-per-node=4', '--cpus-per-task=5', '--kill-on-bad-exit=1',
        '--quotatype=auto']
    assert args[8] == '-N2' and args[9:11] == ['python3', '-u']
    assert args[11] == f'{REPO}/tools/train.py'
    assert args[12:-1] == ['configs/tsn_r50.py', '--work-dir',
                           'work_dirs/tsn', '--cfg-options',
                           'randomness.seed=1', '--launcher', 'slurm']
    assert args[-1].startswith(f'PYTHONPATH={REPO}')


def test_test_with_defaults(srun):
    args = srun('slurm_test.sh', 'gpu', 'eval', 'configs/tsn_r50.py',
                'epoch_100.pth', GPUS='2')
    assert '--ntasks=2' in args and '--ntasks-per-node=2' in args
    assert '--gres=gpu:2' in args
    script = args.index(f'{REPO}/tools/test.py')
    assert args[script + 1:-1] == ['configs/tsn_r50.py', 'epoch_100.pth',
                                   '--launcher', 'slurm']
