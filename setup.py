"""mmcontinuity: "Continuity in vision" models as an OpenMMLab plugin.

Dependencies are compatible ranges (``requirements/{torch,mminstall,
runtime}.txt``); the tested versions are pinned in
``requirements/constraints.txt``, which ``tools/install.sh`` and CI use.

As in mmaction2, the configs (and ``model-index.yml`` and ``tools``) ship
inside the package under ``mmcontinuity/.mim/``, where MMEngine looks for
``mmcontinuity::`` config bases and ``mim`` for configs and tools: a wheel
gets copies, an editable install gets symlinks into the source tree.
"""
import os
import os.path as osp
import shutil
from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = osp.dirname(osp.abspath(__file__))
MIM_FILES = ('configs', 'tools', 'model-index.yml')


def read_requirements(name):
    """Requirement lines of ``requirements/<name>`` (comments stripped)."""
    with open(osp.join(ROOT, 'requirements', name)) as f:
        lines = (line.split('#')[0].strip() for line in f)
        return [line for line in lines if line]


def read_version():
    namespace = {}
    with open(osp.join(ROOT, 'mmcontinuity', 'version.py')) as f:
        exec(f.read(), namespace)
    return namespace['__version__']


def read_readme():
    with open(osp.join(ROOT, 'README.md'), encoding='utf-8') as f:
        return f.read()


def add_mim_files(package_dir, link):
    """Put ``MIM_FILES`` into ``<package_dir>/.mim``: symlinks to the
    source tree when ``link`` (made even for a file that does not exist
    yet), else copies."""
    mim_dir = osp.join(package_dir, '.mim')
    os.makedirs(mim_dir, exist_ok=True)
    for name in MIM_FILES:
        src, dst = osp.join(ROOT, name), osp.join(mim_dir, name)
        if not (link or osp.exists(src)):
            continue
        if osp.islink(dst) or osp.isfile(dst):
            os.remove(dst)
        elif osp.isdir(dst):
            shutil.rmtree(dst)
        if link:
            os.symlink(osp.relpath(src, mim_dir), dst)
        elif osp.isdir(src):
            shutil.copytree(
                src, dst, ignore=shutil.ignore_patterns('__pycache__'))
        else:
            shutil.copyfile(src, dst)


class BuildPyWithMim(build_py):
    """``build_py`` that also ships the configs under ``mmcontinuity/.mim``
    (copied into the build of a wheel, symlinked in the source tree for an
    editable install)."""

    def run(self):
        super().run()
        if self.editable_mode:
            add_mim_files(osp.join(ROOT, 'mmcontinuity'), link=True)
        else:
            add_mim_files(
                osp.join(self.build_lib, 'mmcontinuity'), link=False)


setup(
    name='mmcontinuity',
    version=read_version(),
    description='Continuity in vision (LiftPool, Two-in-One, aligned 3D '
    'convolutions, TubeR, pixelated semantic colorization) for OpenMMLab',
    long_description=read_readme(),
    long_description_content_type='text/markdown',
    license='Apache License 2.0',
    packages=find_packages(exclude=('configs', 'tools', 'tests', 'tests.*')),
    python_requires='>=3.9',
    install_requires=(read_requirements('torch.txt') +
                      read_requirements('mminstall.txt') +
                      read_requirements('runtime.txt')),
    extras_require=dict(tests=read_requirements('tests.txt')),
    cmdclass=dict(build_py=BuildPyWithMim),
    zip_safe=False,
)
