"""Two-stream training scenarios through the built optimizer."""
import glob
import os.path as osp

from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope

from tests.helpers.runs import REPO


def test_last_layer_scenario_trains_only_the_classifier():
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    (path, ) = glob.glob(osp.join(REPO, 'configs', 'two_stream',
                                  '*last-layer*ucf101*rgb.py'))
    cfg = Config.fromfile(path)
    cfg.model.backbone.input_size = 64  # a small net is enough here
    model = MODELS.build(cfg.model)
    optimizer = build_optim_wrapper(model, cfg.optim_wrapper).optimizer
    settings = {id(p): (g['lr'], g['weight_decay'])
                for g in optimizer.param_groups for p in g['params']}
    for name, p in model.named_parameters():
        expected = (0.01, 5e-4) if name.startswith('cls_head') else (0.0,
                                                                     0.0)
        assert settings[id(p)] == expected, name
