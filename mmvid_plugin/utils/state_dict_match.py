"""Checks that a checkpoint fits the model it is loaded into.

MMEngine and ``load_state_dict(strict=False)`` load whatever keys match and
skip the rest, so a checkpoint of another layout (torchvision names given to
an MMAction2 model, a wrong prefix) loads nothing and training starts from
random weights. Every non-strict load of this package goes through
:func:`check_checkpoint_matches`: no matching key raises, a partial match
is logged.
"""
import logging
from typing import Dict, List, Sequence

import torch
from mmengine.logging import print_log

EXAMPLES = 3


class CheckpointMismatchError(ValueError):
    """A checkpoint none of whose tensors fits the model it initialises."""


def without_ddp_prefix(
        state: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """``state`` without the ``module.`` prefix a DDP-wrapped model saves
    (MMEngine strips it the same way when it loads)."""
    return {k[len('module.'):] if k.startswith('module.') else k: v
            for k, v in state.items()}


def matching_keys(state: Dict[str, torch.Tensor],
                  model_state: Dict[str, torch.Tensor]) -> List[str]:
    """Keys of ``state`` that ``model_state`` has, with the same shape."""
    return [
        key for key, value in state.items() if key in model_state
        and getattr(value, 'shape', None) == model_state[key].shape
    ]


def examples(keys: Sequence[str]) -> str:
    shown = ', '.join(repr(k) for k in keys[:EXAMPLES])
    return shown + (', ...' if len(keys) > EXAMPLES else '')


def check_input_channels(state: Dict[str, torch.Tensor],
                         model_state: Dict[str, torch.Tensor],
                         source: str) -> None:
    """Raise when the model's first conv and the checkpoint's differ in
    input channels only (an RGB file for a flow model, say): a non-strict
    load would leave that conv at its random init."""
    first = next((k for k, v in model_state.items() if v.dim() >= 4), None)
    if first is None or first not in state:
        return
    ours, theirs = tuple(model_state[first].shape), tuple(state[first].shape)
    if ours != theirs and len(ours) == len(theirs) and \
            ours[:1] + ours[2:] == theirs[:1] + theirs[2:]:
        raise CheckpointMismatchError(
            f'checkpoint {source}: {first} has {theirs[1]} input channels '
            f'{theirs}, the model {ours[1]} {ours}. To start a model of '
            f'{ours[1]} input channels from it, add custom_hooks=[dict('
            "type='CrossModalityInitHook')] (or a backbone init_cfg=dict("
            "type='ConvertedPretrained', source='cross-modality', ...)); "
            'otherwise use a checkpoint of this modality.')


def check_checkpoint_matches(state: Dict[str, torch.Tensor],
                             model_state: Dict[str, torch.Tensor],
                             source: str,
                             expected: str = 'a checkpoint of this model'
                             ) -> List[str]:
    """Raise when no tensor of ``state`` fits ``model_state``; log the
    tensors that do not fit otherwise.

    Args:
        state: The state dict about to be loaded (after any renaming).
        model_state: ``module.state_dict()`` of the receiving module.
        source: The checkpoint's file, named in the message.
        expected: The layouts the caller accepts, for the message.

    Returns:
        The keys that load (same name and shape).

    Raises:
        CheckpointMismatchError: no key of ``state`` fits the model.
    """
    check_input_channels(state, model_state, source)
    matched = matching_keys(state, model_state)
    loaded = set(matched)
    unused = [k for k in state if k not in loaded]
    missing = [k for k in model_state if k not in loaded]
    if not matched:
        raise CheckpointMismatchError(
            f'checkpoint {source}: 0 of {len(state)} tensors fit the model '
            f'({len(model_state)} tensors). Checkpoint keys: '
            f'{examples(unused) or "none"}; model keys: '
            f'{examples(missing) or "none"}. Expected {expected}.')
    if unused or missing:
        print_log(
            f'checkpoint {source}: {len(matched)} of {len(model_state)} '
            f'model tensors loaded; {len(unused)} checkpoint tensors unused '
            f'({examples(unused)}), {len(missing)} model tensors not in it '
            f'({examples(missing)})',
            logger='current',
            level=logging.WARNING)
    return matched


def check_exact_match(state: Dict[str, torch.Tensor],
                      model_state: Dict[str, torch.Tensor],
                      source: str, expected: str) -> None:
    """Raise unless ``state`` has exactly ``model_state``'s keys and shapes
    (a strict load), listing every unknown, missing and mis-shaped key.

    Raises:
        CheckpointMismatchError: any key differs.
    """
    unknown = [k for k in state if k not in model_state]
    missing = [k for k in model_state if k not in state]
    misshaped = [
        f'{k}: {tuple(state[k].shape)} (expected '
        f'{tuple(model_state[k].shape)})' for k in state
        if k in model_state and state[k].shape != model_state[k].shape
    ]
    if not (unknown or missing or misshaped):
        return
    parts = [f'{len(items)} {what}: {items[:8]}'
             + (' ...' if len(items) > 8 else '')
             for what, items in (('unknown keys', unknown),
                                 ('missing keys', missing),
                                 ('mis-shaped keys', misshaped)) if items]
    raise CheckpointMismatchError(
        f'{source}: does not match {expected} key for key; '
        + '; '.join(parts))
