"""What the generator computes from a config: parameters, test input,
normalisation and FLOPs of one test view.

FLOPs come from MMEngine's ``FlopAnalyzer`` (a traced CPU forward), which
counts one multiply-add as one FLOP (as fvcore and most model zoos do);
``scaled_dot_product_attention``, which it does not know, is counted the
same way: ``Lq * Lk * (D + Dv)`` multiply-adds per batch and head.
"""
from typing import Dict, Optional

import torch
from torch import nn

from .view_input import (SyntheticMedia, first_sample, preprocessed_inputs,
                         sampling, view_shapes, views_of)

#: Decimal places kept for mean / std values.
NORM_DIGITS = 4


def load_config(path: str):
    """A config file (repo-relative or absolute path) loaded."""
    from mmengine.config import Config

    from ..weights.converting import repo_path
    return Config.fromfile(repo_path(path))


def build(cfg, device: str = 'cpu') -> nn.Module:
    """The model of a loaded config (``device='meta'``: shapes only)."""
    from mmengine.registry import init_default_scope

    from mmaction.registry import MODELS
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    with torch.device(device):
        return MODELS.build(cfg.model)


def parameter_counts(model: nn.Module) -> Dict[str, int]:
    """``Parameters`` (all, the model as built) and, when some are frozen
    constants (I3D's fixed BN gamma), ``Trainable Parameters``."""
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    out = {'Parameters': total}
    if trainable != total:
        out['Trainable Parameters'] = trainable
    return out


def _rounded(values):
    return [round(float(v), NORM_DIGITS) for v in values]


def _one_normalisation(cfg: dict) -> dict:
    out = {}
    if cfg.get('mean') is not None:
        out['Mean'] = _rounded(cfg['mean'])
        out['Std'] = _rounded(cfg['std'])
    if cfg.get('to_rgb'):
        out['Channel Order'] = 'BGR'  # decoded RGB swapped before the mean
    out['Format'] = cfg.get('format_shape', 'NCHW')
    return out


def normalisation(cfg) -> dict:
    """Mean / std (on 0-255 pixels) of the data preprocessor; per stream
    for multi-modal models."""
    pre = cfg.model.get('data_preprocessor') or {}
    if 'preprocessors' in pre:
        return {name: _one_normalisation(sub)
                for name, sub in pre['preprocessors'].items()}
    return _one_normalisation(pre)


def input_description(cfg, inputs, views: int) -> dict:
    """``Metadata.Input``: sampling (frames x interval x clips), crops,
    ``views`` per video, resolution and one view's shape (of the
    preprocessed ``inputs`` of one view)."""
    plan = sampling(cfg)
    out = {}
    if 'frames' in plan:
        out['Sampling'] = '{frames}x{interval}x{clips}'.format(**plan)
    if 'flow_stack' in plan:
        out['Flow Stack'] = plan['flow_stack']
    out['Crops'] = plan['crops']
    out['Views'] = views
    shapes = view_shapes(inputs)
    first = next(iter(shapes.values())) if isinstance(shapes, dict) \
        else shapes
    out['Resolution'] = 'x'.join(first.split('x')[-2:])
    out['View Shape'] = shapes
    return out


class TensorForward(nn.Module):
    """A recognizer as ``forward(*tensors) -> class scores`` for tracing;
    dict inputs travel as tensors in ``keys`` order."""

    def __init__(self, model: nn.Module, keys: Optional[list] = None):
        super().__init__()
        self.model, self.keys = model, keys

    def forward(self, *tensors):
        from mmaction.models.recognizers import BaseRecognizer
        inputs = dict(zip(self.keys, tensors)) if self.keys else tensors[0]
        if isinstance(self.model, BaseRecognizer):
            return self.model._forward(inputs, stage='head')
        return self.model(inputs, mode='tensor')


def sdpa_flops(inputs, outputs) -> int:
    """Multiply-adds of ``scaled_dot_product_attention(q, k, v)``."""
    from mmengine.analysis.jit_handles import get_shape
    q, k, v = (get_shape(x) for x in inputs[:3])
    batch = 1
    for dim in q[:-2]:
        batch *= dim
    return batch * q[-2] * k[-2] * (q[-1] + v[-1])


def flops(model: nn.Module, inputs) -> Dict[str, object]:
    """GFLOPs (multiply-adds) of ``model`` on ``inputs`` and the operators
    the analyzer skipped (name -> count)."""
    net, tensors = tensor_forward(model, inputs)
    return module_flops(net.eval(), tensors)


def tensor_forward(model: nn.Module, inputs) -> tuple:
    """``(TensorForward(model), tensors)``: the recognizer as a function of
    plain tensors, and ``inputs`` (a tensor or a dict of them) as those."""
    keys = list(inputs) if isinstance(inputs, dict) else None
    tensors = tuple(inputs.values()) if keys else (inputs,)
    return TensorForward(model, keys), tensors


def module_flops(module: nn.Module, tensors: tuple) -> Dict[str, object]:
    """GFLOPs (multiply-adds) of ``module(*tensors)`` and the operators
    the analyzer skipped (name -> count)."""
    from mmengine.analysis import FlopAnalyzer
    analyzer = FlopAnalyzer(module, tensors)
    analyzer.set_op_handle('aten::scaled_dot_product_attention',
                           sdpa_flops)
    analyzer.unsupported_ops_warnings(False)
    analyzer.uncalled_modules_warnings(False)
    analyzer.tracer_warnings('none')
    with torch.no_grad():
        total = analyzer.total()
    return dict(gflops=total / 1e9,
                unsupported=dict(analyzer.unsupported_ops()))


def build_preprocessor(cfg) -> nn.Module:
    """The data preprocessor of a config, on the CPU."""
    from mmaction.registry import MODELS
    pre = cfg.model.get('data_preprocessor')
    if pre is None:
        from mmaction.models import ActionDataPreprocessor
        return ActionDataPreprocessor()
    return MODELS.build(pre)


def describe(config: str, media: SyntheticMedia,
             with_flops: bool = True) -> dict:
    """The computed ``Metadata`` fields of a config (and ``_unsupported``:
    operators the FLOP count skipped)."""
    cfg = load_config(config)
    model = build(cfg, 'meta').eval()
    out = parameter_counts(model)
    sample = first_sample(cfg, media)
    inputs = preprocessed_inputs(build_preprocessor(cfg), sample)
    out['Input'] = input_description(cfg, inputs, views_of(sample))
    out['Normalisation'] = normalisation(cfg)
    if with_flops:
        # uninitialised CPU storage: the values do not change the count
        model = model.to_empty(device='cpu')
        measured = flops(model, inputs)
        out['FLOPs'] = float(f'{measured["gflops"]:.4g}')
        out['_unsupported'] = measured['unsupported']
    return out
