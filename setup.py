"""Install mmvid_plugin: ``pip install -e .`` (see the Makefile for the
CPU set-up that installs torch and mmcv-lite first)."""
import os.path as osp

from setuptools import find_packages, setup

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


setup(
    name='mmvid_plugin',
    version=read_version(),
    description='Classic video-understanding architectures for MMAction2',
    long_description=open(osp.join(HERE, 'README.md')).read(),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('tests', 'tests.*', 'configs', 'tools')),
    python_requires='>=3.9',
    install_requires=read_requirements('runtime'),
    extras_require=dict(tests=read_requirements('tests'),
                        export=read_requirements('export')),
    license='Apache-2.0',
    zip_safe=False)
