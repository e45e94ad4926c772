"""Install mmvid_plugin: ``pip install -e .`` (see the Makefile for the
CPU set-up that installs torch and mmcv-lite first)."""
import os.path as osp

from setuptools import find_packages, setup

HERE = osp.dirname(osp.abspath(__file__))


def read_requirements(name):
    """Requirement lines of ``requirements/<name>.txt`` without comments."""
    with open(osp.join(HERE, 'requirements', f'{name}.txt')) as f:
        lines = (line.split('#')[0].strip() for line in f)
        return [line for line in lines if line]


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
    extras_require=dict(tests=read_requirements('tests')),
    license='Apache-2.0',
    zip_safe=False)
