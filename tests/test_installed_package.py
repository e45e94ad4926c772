"""A built package (``pip install .``, a wheel) gives what the checkout
gives: the configs and model index inside it, and the tools as commands
that take shipped configs."""
import glob
import os
import os.path as osp
import subprocess
import sys
import zipfile

import pytest
import torch

from tests.helpers.runs import REPO

COMMANDS = ('mmvid-train', 'mmvid-test', 'mmvid-predict',
            'mmvid-convert-checkpoint', 'mmvid-extract-flow',
            'mmvid-extract-features', 'mmvid-benchmark', 'mmvid-export')
CONFIG = 'configs/r2plus1d/r2plus1d_r18-w16_scratch_1xb8-16x1x1-6e_' \
    'motion-digits-rgb.py'


#: What building the package reads (copied: a build leaves build/ behind).
SOURCES = ('mmvid_plugin', 'configs', 'requirements', 'setup.py',
           'README.md', 'model-index.yml')


@pytest.fixture(scope='module')
def wheel(tmp_path_factory):
    import shutil
    source = tmp_path_factory.mktemp('source')
    for name in SOURCES:
        path = osp.join(REPO, name)
        if osp.isdir(path):
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns(
                '__pycache__', '*.egg-info'))
        else:
            shutil.copy(path, source / name)
    out = tmp_path_factory.mktemp('wheel')
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', str(source),
                    '--no-deps',
                    '--no-build-isolation', '--quiet', '-w', str(out)],
                   check=True, capture_output=True, text=True)
    (path, ) = glob.glob(str(out / '*.whl'))
    return path


def test_wheel_ships_every_config_and_the_commands(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n[len('mmvid_plugin/.mim/'):] for n in names
               if n.startswith('mmvid_plugin/.mim/')}
    configs = {osp.relpath(p, REPO) for p in glob.glob(
        osp.join(REPO, 'configs', '**', '*.*'), recursive=True)}
    assert configs <= shipped
    assert 'model-index.yml' in shipped
    (entry_points, ) = [n for n in names if n.endswith('entry_points.txt')]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    for command in COMMANDS:
        assert f'{command} = mmvid_plugin.cli.' in text
    assert not any(n.startswith(('tests/', 'tools/')) for n in names)


def test_installed_command_runs_a_shipped_config(wheel, tmp_path):
    target = tmp_path / 'site'
    subprocess.run([sys.executable, '-m', 'pip', 'install', '--no-deps',
                    '--quiet', '--target', str(target), wheel], check=True,
                   capture_output=True, text=True)
    env = dict(os.environ, PYTHONPATH=str(target))
    work = tmp_path / 'elsewhere'  # no configs/ here: the shipped ones
    work.mkdir()
    where = subprocess.run(
        [sys.executable, '-c', 'from mmvid_plugin.resources import '
         'resource_root; print(resource_root())'], cwd=work, env=env,
        check=True, capture_output=True, text=True).stdout.strip()
    assert where == str(target / 'mmvid_plugin' / '.mim')
    from mmengine.config import Config
    from mmvid_plugin.zoo.measure import build
    model = build(Config.fromfile(osp.join(REPO, CONFIG)))
    torch.save(dict(state_dict=model.state_dict()), work / 'model.pth')
    result = subprocess.run(
        [str(target / 'bin' / 'mmvid-export'), CONFIG, 'model.pth',
         'model.pt', '--format', 'torchscript'], cwd=work, env=env,
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'model.pt: torchscript, input inputs [1, 1, 3, 16, 64, 64]' in \
        result.stdout
    missing = subprocess.run(
        [str(target / 'bin' / 'mmvid-export'), 'configs/none.py',
         'model.pth', 'x.pt', '--format', 'onnx'], cwd=work, env=env,
        capture_output=True, text=True)
    assert missing.returncode != 0
    assert 'config configs/none.py is neither a file nor a shipped ' \
        'config' in missing.stderr
