"""Install mmvid_plugin: ``pip install -e .`` (see the Makefile for the
CPU set-up that installs torch and mmcv-lite first). A built package
(``pip install .``, a wheel) ships the configs and the model index in
``mmvid_plugin/.mim/`` and the tools as ``mmvid-<tool>`` commands."""
import os.path as osp
import shutil

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = osp.dirname(osp.abspath(__file__))


def read_requirements(name):
    """Requirement lines of ``requirements/<name>.txt`` without comments;
    ``-r other.txt`` lines are read in place."""
    with open(osp.join(HERE, 'requirements', f'{name}.txt')) as f:
        lines = [line.split('#')[0].strip() for line in f]
    out = []
    for line in filter(None, lines):
        if line.startswith('-r '):
            out += read_requirements(osp.splitext(line[3:].strip())[0])
        else:
            out.append(line)
    return out


def read_version():
    namespace = {}
    with open(osp.join(HERE, 'mmvid_plugin', 'version.py')) as f:
        exec(f.read(), namespace)
    return namespace['__version__']


#: What ``mmvid_plugin/resources.py`` finds in ``.mim`` once installed.
SHIPPED = ('configs', 'model-index.yml')
TOOLS = ('train', 'test', 'predict', 'convert_checkpoint', 'extract_flow',
         'extract_features', 'benchmark', 'export')


class BuildWithResources(build_py):
    """``build_py`` that also copies the configs and the model index into
    the built package's ``.mim`` folder."""

    def run(self):
        super().run()
        target = osp.join(self.build_lib, 'mmvid_plugin', '.mim')
        for name in SHIPPED:
            source, destination = osp.join(HERE, name), osp.join(target, name)
            if osp.isdir(source):
                shutil.copytree(source, destination, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns('__pycache__'))
            else:
                self.copy_file(source, destination)


setup(
    name='mmvid_plugin',
    version=read_version(),
    description='Classic video-understanding architectures for MMAction2',
    long_description=open(osp.join(HERE, 'README.md')).read(),
    long_description_content_type='text/markdown',
    packages=find_packages(include=('mmvid_plugin', 'mmvid_plugin.*')),
    python_requires='>=3.9',
    install_requires=read_requirements('runtime'),
    extras_require=dict(tests=read_requirements('tests'),
                        export=read_requirements('export')),
    entry_points=dict(console_scripts=[
        f"mmvid-{tool.replace('_', '-')}=mmvid_plugin.cli.{tool}:main"
        for tool in TOOLS]),
    cmdclass=dict(build_py=BuildWithResources),
    license='Apache-2.0',
    zip_safe=False)
