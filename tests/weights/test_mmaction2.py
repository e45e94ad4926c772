"""mmaction2 converter: MMAction2's own models (built here from its config
files, which the project's environment installs) filled with seeded
values, converted into our configs and compared logit for logit in
float64; identification and strictness.

Real architectures on small inputs. Two models fix a tensor's shape by
their input size, so both sides are built for the small input there: C3D's
fc6 (``out_dim`` 2048: 16 x 32 x 32 clips reach pool5 at 512 x 1 x 2 x 2)
and TimeSformer's ``pos_embed`` (``img_size`` 32: 2 x 2 patches); the
full-size layouts are checked by the conversion tests below. Both models
are built on the meta device and filled (no init to pay for); MMAction2's
runs in float64, ours in float32 as users run it (as
``reference_check``).
"""
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.model import revert_sync_batchnorm
from mmengine.registry import init_default_scope

import mmaction
from mmaction.registry import MODELS
from mmvid_plugin.utils.state_dict_match import (CheckpointMismatchError,
                                                 check_exact_match)
from mmvid_plugin.weights import (UnknownCheckpointError, convert_state_dict,
                                  get_source)
from mmvid_plugin.weights.converting import build_model
from mmvid_plugin.weights.seeded import (manifest_of, seeded_input,
                                         seeded_state_dict)

from .reference_check import TOLERANCE

SOURCE = 'mmaction2'
CONFIGS = osp.join(osp.dirname(mmaction.__file__), '.mim', 'configs',
                   'recognition')
#: model -> (MMAction2 config, input shape, overrides for both sides)
CASES = {
    'c3d_sports1m-pretrained_ucf101': (
        'c3d/c3d_sports1m-pretrained_8xb30-16x1x1-45e_ucf101-rgb.py',
        (1, 3, 16, 32, 32), {'model.backbone.out_dim': 2048}),
    'tsn_r50_kinetics400': (
        'tsn/tsn_imagenet-pretrained-r50_8xb32-1x1x3-100e_'
        'kinetics400-rgb.py', (1, 3, 3, 64, 64), {}),
    'i3d_r50_kinetics400': (
        'i3d/i3d_imagenet-pretrained-r50_8xb8-32x2x1-100e_'
        'kinetics400-rgb.py', (1, 3, 8, 64, 64), {}),
    'r2plus1d_r34_kinetics400': (
        'r2plus1d/r2plus1d_r34_8xb8-8x8x1-180e_kinetics400-rgb.py',
        (1, 3, 8, 64, 64), {}),
    'slowfast_r50_4x16_kinetics400': (
        'slowfast/slowfast_r50_8xb8-4x16x1-256e_kinetics400-rgb.py',
        (1, 3, 32, 64, 64), {}),
    'timesformer_divst_kinetics400': (
        'timesformer/timesformer_divST_8xb8-8x32x1-15e_kinetics400-rgb.py',
        (1, 3, 8, 32, 32), {'model.backbone.img_size': 32}),
}


def test_every_model_has_a_case():
    assert set(CASES) == set(get_source(SOURCE).models)


def mmaction2_model(model: str, overrides=None, device: str = 'cpu'):
    """MMAction2's recognizer of ``model`` from its own config (no
    pretrained download; SyncBN as BN, as it runs on one CPU)."""
    cfg = Config.fromfile(osp.join(CONFIGS, CASES[model][0]))
    cfg.model.backbone.pretrained = None
    if overrides:
        cfg.merge_from_dict(overrides)
    init_default_scope('mmaction')
    with torch.device(device):
        return revert_sync_batchnorm(MODELS.build(cfg.model))


def mmaction2_logits(recognizer, model: str, x: torch.Tensor):
    batched = x if model.startswith('tsn') else x[:, None]
    feats, kwargs = recognizer.extract_feat(batched, test_mode=True)
    return recognizer.cls_head(feats, **kwargs)


def filled(recognizer, state: dict, dtype=torch.float64):
    """A meta-device recognizer in ``dtype`` on the CPU holding ``state``
    (every tensor it uses: the data preprocessor's mean / std, which the
    logits skip, are its only tensors outside the state dict)."""
    recognizer = recognizer.to(dtype).to_empty(device='cpu')
    recognizer.load_state_dict(state, strict=True)
    outside = {name for name, _ in recognizer.named_buffers()} - set(
        recognizer.state_dict())
    assert all(name.startswith('data_preprocessor.') for name in outside)
    return recognizer.eval()


def mmaction2_difference(model: str) -> float:
    """Max |ours - MMAction2| of the logits of ``model``'s case (asserted
    within the tolerance; the zoo tool records it)."""
    _, shape, overrides = CASES[model]
    theirs = mmaction2_model(model, overrides, device='meta')
    state = seeded_state_dict(manifest_of(theirs.state_dict()))
    theirs = filled(theirs, state)
    source = get_source(SOURCE)
    assert source.identify(state) == model
    config = source.config_of(model)
    ours = build_model(config, device='meta', cfg_options=overrides)
    converted = source.convert(state, model, ours.state_dict())
    check_exact_match(converted, ours.state_dict(), model, config)
    ours = filled(ours, converted, torch.float32)
    x = seeded_input(shape)
    with torch.no_grad():
        reference = mmaction2_logits(theirs, model, x)
        logits = source.logits(ours, model, x.float()).double()
    assert logits.shape == reference.shape
    bound = TOLERANCE * max(1.0, reference.abs().max().item())
    difference = (logits - reference).abs().max().item()
    assert difference <= bound, f'{model}: max |ours - MMAction2| = ' \
        f'{difference:.3g} > {bound:.3g}'
    return difference


@pytest.mark.parametrize('model', list(CASES))
def test_matches_mmaction2(model):
    mmaction2_difference(model)


def full_size_state(model: str) -> dict:
    """The full-size MMAction2 layout (meta tensors: keys and shapes)."""
    return mmaction2_model(model, device='meta').state_dict()


@pytest.mark.parametrize('model', list(CASES))
def test_full_size_layout_converts_and_is_identified(model):
    converted = convert_state_dict(full_size_state(model), SOURCE)
    assert converted.meta['source_model'] == model
    assert converted.config == get_source(SOURCE).models[model]


def test_unknown_missing_and_misshaped_keys_are_named():
    model = 'i3d_r50_kinetics400'
    state = full_size_state(model)
    state['backbone.layer1.0.conv9.conv.weight'] = torch.zeros(1)
    with pytest.raises(UnknownCheckpointError, match='conv9'):
        convert_state_dict(state, SOURCE)
    state = full_size_state(model)
    state['backbone.layer2.1.conv1.conv.weight'] = torch.zeros(
        128, 512, 3, 1, 1)  # inflated where MMAction2's I3D is not
    with pytest.raises(CheckpointMismatchError,
                       match=r'stages\.1\.1\.conv1\.weight'):
        convert_state_dict(state, SOURCE)
    state = full_size_state(model)
    del state['cls_head.fc_cls.bias']
    with pytest.raises(CheckpointMismatchError, match='fc_cls.bias'):
        convert_state_dict(state, SOURCE)


def test_unknown_model_is_refused():
    state = {'backbone.stem.conv.weight': torch.zeros(1)}
    with pytest.raises(UnknownCheckpointError, match='fits none'):
        convert_state_dict(state, SOURCE)
