"""tools/check_frame_order.py on the tiny MotionDigits: a network with
temporal kernels of 1 (then averaged over time) is blind to frame order."""
import json
import os.path as osp

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from tests.helpers.runs import REPO, run_python, write_tiny_config

TOOL = osp.join(REPO, 'tools', 'check_frame_order.py')


def test_an_order_free_network_is_reported_so(tmp_path, tiny_data_root):
    from mmaction.registry import MODELS
    config = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root)
    with open(config, 'a') as f:  # frame-wise convs: order-free
        f.write("\nmodel['backbone']['temporal_kernels'] = (1, 1, 1)\n")
    init_default_scope('mmaction')
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(config).model)
    checkpoint = str(tmp_path / 'model.pth')
    torch.save(dict(state_dict=model.state_dict()), checkpoint)
    out = tmp_path / 'order.json'
    run_python([TOOL, config, checkpoint, '--out', str(out)])
    report = json.loads(out.read_text())
    assert report['changed_by_reversal'] == 0.0
    assert set(report) == {'top1', 'changed_by_reversal', 'reversed_top1',
                           'twin_share_of_errors'}
