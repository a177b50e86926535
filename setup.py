"""mmcontinuity: "Continuity in vision" models as an OpenMMLab plugin."""
import os.path as osp

from setuptools import find_packages, setup


def read_requirements(name):
    """Requirement lines of ``requirements/<name>.txt`` (comments stripped)."""
    path = osp.join(osp.dirname(__file__), 'requirements', name)
    with open(path) as f:
        lines = (line.split('#')[0].strip() for line in f)
        return [line for line in lines if line]


def read_version():
    namespace = {}
    with open(osp.join('mmcontinuity', 'version.py')) as f:
        exec(f.read(), namespace)
    return namespace['__version__']


setup(
    name='mmcontinuity',
    version=read_version(),
    description='Continuity in vision (LiftPool, Two-in-One, aligned 3D '
    'convolutions, TubeR, pixelated semantic colorization) for OpenMMLab',
    long_description=open('README.md').read() if osp.exists('README.md') else '',
    long_description_content_type='text/markdown',
    license='Apache License 2.0',
    packages=find_packages(exclude=('configs', 'tools', 'tests')),
    python_requires='>=3.9',
    # mmcv 2.1.0 must be built with ops against the installed torch, which pip
    # cannot express: tools/install.sh installs it; everything else is here.
    install_requires=read_requirements('torch.txt') +
    [r for r in read_requirements('mminstall.txt')] +
    read_requirements('runtime.txt'),
    extras_require=dict(tests=read_requirements('tests.txt')),
    zip_safe=False,
)
