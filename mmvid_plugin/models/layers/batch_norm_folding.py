"""Fold inference-mode batch norm into the convolution that feeds it.

In eval mode BN is an affine map per channel, ``y = (x - mean) / sqrt(var +
eps) * gamma + beta`` with its running statistics; after a convolution it
folds into the convolution's weight and bias, so the network does the same
arithmetic with one pass over each activation less. Which BN follows which
convolution is found by running the model once and following tensors (a
conv's output that is a BN's input), so any layout works, pre-activation
nets included (a BN fed by a ReLU stays); the folded model is checked
against the original on the same input before it is kept.
"""
import weakref
from typing import Dict, Iterator, List, Tuple

import torch
from torch import nn

_NORMS = nn.modules.batchnorm._BatchNorm  # BatchNorm1d-3d, SyncBatchNorm


def _is_conv(module: nn.Module) -> bool:
    return isinstance(module, nn.modules.conv._ConvNd) and \
        not module.transposed


def _tensors(out) -> Iterator[torch.Tensor]:
    """The tensors in a model's output (tensors, sequences, dicts, and
    MMEngine data elements such as predictions)."""
    if torch.is_tensor(out):
        yield out
    elif isinstance(out, (list, tuple)):
        for item in out:
            yield from _tensors(item)
    elif isinstance(out, dict):
        for item in out.values():
            yield from _tensors(item)
    elif hasattr(out, 'all_items'):
        for _, item in sorted(out.all_items(), key=lambda kv: kv[0]):
            yield from _tensors(item)


def _conv_bn_pairs(model: nn.Module, args, kwargs) -> List[
        Tuple[nn.Module, nn.Module]]:
    """``(conv, bn)`` where, in one forward pass, the BN's input is the
    conv's output and each is called exactly once."""
    produced: Dict[int, Tuple[nn.Module, weakref.ref]] = {}
    feeds, calls = [], {}

    def after_conv(conv, _, out):
        calls[conv] = calls.get(conv, 0) + 1
        if torch.is_tensor(out):
            produced[id(out)] = (conv, weakref.ref(out))

    def before_bn(bn, inputs):
        calls[bn] = calls.get(bn, 0) + 1
        source = produced.get(id(inputs[0]))
        if source is not None and source[1]() is inputs[0]:
            feeds.append((source[0], bn))

    handles = [m.register_forward_hook(after_conv) for m in model.modules()
               if _is_conv(m)]
    handles += [m.register_forward_pre_hook(before_bn)
                for m in model.modules() if isinstance(m, _NORMS)]
    try:
        with torch.no_grad():
            model(*args, **kwargs)
    finally:
        for handle in handles:
            handle.remove()
    return [(conv, bn) for conv, bn in feeds
            if calls[conv] == 1 and calls[bn] == 1 and bn.track_running_stats
            and conv.out_channels == bn.num_features]


def _fold(conv: nn.Module, bn: nn.Module) -> None:
    scale = bn.running_var.add(bn.eps).rsqrt()
    if bn.weight is not None:
        scale = scale * bn.weight
    bias = -bn.running_mean * scale
    if bn.bias is not None:
        bias = bias + bn.bias
    if conv.bias is not None:
        bias = bias + conv.bias * scale
    shape = (-1, ) + (1, ) * (conv.weight.dim() - 1)
    conv.weight = nn.Parameter(conv.weight * scale.reshape(shape))
    conv.bias = nn.Parameter(bias)


def fold_batch_norm(model: nn.Module, *args, rtol: float = 1e-3,
                    **kwargs) -> int:
    """Fold every eval-mode BN fed by a convolution into it, in place, and
    return how many were folded; ``model(*args, **kwargs)`` is one forward
    pass on example input. Put the model in eval mode first: folding
    freezes the BN statistics, so the result is for inference only.

    Raises ``RuntimeError`` (and leaves the model as it was) when the folded
    model's outputs differ from the original's by more than ``rtol`` of
    their largest magnitude.
    """
    if model.training:
        raise RuntimeError('fold_batch_norm: call model.eval() first; '
                           'training-mode BN uses batch statistics, which '
                           'cannot be folded')
    pairs = _conv_bn_pairs(model, args, kwargs)
    if not pairs:
        return 0
    with torch.no_grad():
        before = [t.clone() for t in _tensors(model(*args, **kwargs))]
    parents = {child: (parent, name) for parent in model.modules()
               for name, child in parent.named_children()}
    saved = [(conv, conv.weight, conv.bias) for conv, _ in pairs]
    with torch.no_grad():
        for conv, bn in pairs:
            _fold(conv, bn)
            parent, name = parents[bn]
            setattr(parent, name, nn.Identity())
        after = list(_tensors(model(*args, **kwargs)))
    if not _close(before, after, rtol):
        for (conv, weight, bias), (_, bn) in zip(saved, pairs):
            conv.weight, conv.bias = weight, bias
            parent, name = parents[bn]
            setattr(parent, name, bn)
        raise RuntimeError('fold_batch_norm: the folded model disagrees with '
                           'the original (a folded convolution\'s output is '
                           'read by more than its BN); nothing was folded')
    return len(pairs)


def _close(before, after, rtol: float) -> bool:
    if len(before) != len(after):
        return False
    for a, b in zip(before, after):
        if a.shape != b.shape:
            return False
        if a.is_floating_point():
            scale = a.abs().max().clamp_min(1e-12)
            if (a - b).abs().max() > rtol * scale:
                return False
        elif not torch.equal(a, b):
            return False
    return True
