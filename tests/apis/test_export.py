"""Export of every backbone family: the exported file's class scores equal
the PyTorch model's on one test view (onnxruntime for ONNX)."""
import os.path as osp

import numpy as np
import pytest
import torch

from mmvid_plugin.apis.export import (ExportMismatchError, export_recognizer,
                                      view_input)
from tests.helpers.runs import REPO

pytest.importorskip('onnxruntime')

FAMILIES = {
    'cnn_m_tower': 'two_stream/twostream_cnnm2048_scratch_1xb16-1x1x1-6e_'
                   'motion-digits-rgb.py',
    'deepvideo_slow_fusion': 'deepvideo/deepvideo_slow-fusion_scratch_'
                             '1xb16-10x1x1-6e_motion-digits-rgb.py',
    'resnet_tsn': 'tsn_r50.py',
    'r2plus1d': 'r2plus1d/r2plus1d_r18-w16_scratch_1xb8-16x1x1-6e_'
                'motion-digits-rgb.py',
    'i3d_nonlocal': 'nonlocal/i3d-nl5_r50-w16_scratch_1xb8-16x1x1-6e_'
                    'motion-digits-rgb.py',
    'inception_i3d': 'i3d/i3d_inception-v1_scratch_1xb8-16x1x1-6e_'
                     'motion-digits-rgb.py',
    'slowfast': 'slowfast/slowfast_r50-w16_scratch_1xb8-4x4x1-6e_'
                'motion-digits-rgb.py',
    'snippets_conv_pooling': 'beyond_short_snippets/snippets_conv-pooling_'
                             'tinyconv2d_scratch_1xb8-16x1x1-6e_'
                             'motion-digits-rgb.py',
    'conv_fusion': 'conv_fusion/convfusion_conv3d-relu5-pool3d-keep-temporal'
                   '_vggm2048_scratch_1xb16-3xr2to3x1-6e_'
                   'motion-digits-rgbflow.py',
}
FAMILIES.update({
    f'timesformer_{scheme}': f'timesformer/timesformer_{scheme}_vit-d96l4_'
                             'scratch_1xb8-8x2x1-6e_motion-digits-rgb.py'
    for scheme in ('space', 'joint', 'divided', 'sparse-local-global',
                   'axial')})


def built(config):
    from mmengine.config import Config

    from mmvid_plugin.zoo.measure import build
    cfg = Config.fromfile(osp.join(REPO, 'configs', config))
    torch.manual_seed(0)
    model = build(cfg)
    model.init_weights()
    return cfg, model.eval()


@pytest.mark.parametrize('family', sorted(FAMILIES))
def test_onnx_scores_match_pytorch(family, tmp_path):
    import onnx
    cfg, model = built(FAMILIES[family])
    path = str(tmp_path / f'{family}.onnx')
    result = export_recognizer(model, cfg, 'onnx', path)
    onnx.checker.check_model(path)
    assert result.max_abs_difference <= 1e-4
    assert result.output_shape[-1] == cfg.model.cls_head.num_classes


@pytest.mark.parametrize('fmt', ['torchscript', 'export'])
@pytest.mark.parametrize('family', ['slowfast', 'timesformer_divided'])
def test_torch_formats_match_pytorch(family, fmt, tmp_path):
    cfg, model = built(FAMILIES[family])
    result = export_recognizer(model, cfg, fmt, str(tmp_path / 'model'))
    assert result.max_abs_difference <= 1e-4


def test_a_mismatch_is_an_error(tmp_path):
    cfg, model = built(FAMILIES['r2plus1d'])
    with pytest.raises(ExportMismatchError, match='differ .* by up to'):
        export_recognizer(model, cfg, 'torchscript', str(tmp_path / 'm.pt'),
                          tolerance=-1.0)


def test_the_input_is_one_test_view_of_the_config():
    cfg, _ = built(FAMILIES['slowfast'])
    (inputs, ) = view_input(cfg).values()
    assert list(inputs.shape) == [1, 1, 3, 16, 64, 64]
    cfg, _ = built(FAMILIES['conv_fusion'])
    assert sorted(view_input(cfg)) == ['flow', 'rgb']


def test_tool_writes_and_checks_a_file(tmp_path):
    from tests.helpers.runs import run_python
    config = osp.join(REPO, 'configs', FAMILIES['r2plus1d'])
    _, model = built(FAMILIES['r2plus1d'])
    checkpoint = str(tmp_path / 'model.pth')
    torch.save(dict(state_dict=model.state_dict()), checkpoint)
    out = str(tmp_path / 'model.onnx')
    result = run_python(['tools/export.py', config, checkpoint, out,
                         '--format', 'onnx'])
    assert 'input inputs [1, 1, 3, 16, 64, 64] -> scores [1, 10]' in \
        result.stdout
    import onnxruntime
    session = onnxruntime.InferenceSession(out)
    scores = session.run(None, {'inputs': np.zeros((1, 1, 3, 16, 64, 64),
                                                   np.float32)})[0]
    assert scores.shape == (1, 10)
