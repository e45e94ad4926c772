"""Where the configs and the model index live: the repository in a
checkout (or an editable install), else the copy a built package ships in
``mmvid_plugin/.mim/`` (as MMAction2 ships its configs)."""
import os.path as osp

PACKAGE_DIR = osp.dirname(osp.abspath(__file__))
SOURCE_ROOT = osp.dirname(PACKAGE_DIR)
SHIPPED_ROOT = osp.join(PACKAGE_DIR, '.mim')
#: What a built package copies into ``.mim`` (setup.py's build step).
SHIPPED = ('configs', 'model-index.yml')


def resource_root() -> str:
    """The folder holding ``configs/`` and ``model-index.yml``."""
    if osp.isdir(osp.join(SOURCE_ROOT, 'configs')):
        return SOURCE_ROOT
    return SHIPPED_ROOT


def find_config(path: str) -> str:
    """``path`` if it is a file, else the shipped config it names
    (``configs/tsn_r50.py`` or ``tsn_r50.py``, relative to the configs).

    Raises:
        FileNotFoundError: neither exists.
    """
    if osp.isfile(path):
        return path
    configs = osp.join(resource_root(), 'configs')
    relative = path[len('configs/'):] if path.startswith('configs/') \
        else path
    shipped = osp.join(configs, relative)
    if not osp.isabs(path) and osp.isfile(shipped):
        return shipped
    raise FileNotFoundError(
        f'config {path} is neither a file nor a shipped config; expected a '
        f'config file or a path under {configs}, e.g. configs/tsn_r50.py')
