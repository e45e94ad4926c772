"""Config files of the repository, looked up by folder and name."""
import glob
import os.path as osp

from mmengine.config import Config

from tests.helpers.runs import REPO


def training_config(folder, pattern):
    """The one config of ``configs/<folder>`` matching ``pattern``, with
    the converted-checkpoint configs (``*-converted_*``, tested on their
    own) left out."""
    (path, ) = [p for p in glob.glob(osp.join(REPO, 'configs', folder,
                                              pattern))
                if '-converted_' not in osp.basename(p)]
    return Config.fromfile(path)
