"""Build a zoo model, with weights from a local file: a checkpoint of
this package (``tools/publish_model.py`` / ``release.publish`` output,
``.pth`` or ``.safetensors``, sha256-suffixed names verified) or, for a
converted entry, the official file itself through its source's converter.
Nothing is downloaded."""
from typing import Optional

from torch import nn

from ..utils import CheckpointMismatchError, check_exact_match
from ..weights import convert_file
from ..weights.converting import build_model, load_weights_file
from .index import get_entry


def _state_dict(loaded) -> Optional[dict]:
    """The tensors of a loaded checkpoint of this package's layout."""
    import torch
    if isinstance(loaded, dict):
        state = loaded.get('state_dict', loaded)
        if isinstance(state, dict) and state and all(
                torch.is_tensor(v) for v in state.values()):
            return {k[len('module.'):] if k.startswith('module.') else k: v
                    for k, v in state.items()}
    return None


def _official_state(entry, checkpoint: str, source: Optional[str],
                    ours_error: Optional[Exception]) -> dict:
    """The official file converted by ``source`` (or the first of the
    entry's sources that takes it)."""
    sources = [source] if source else \
        [c['Source'] for c in entry.converted_from]
    errors = [f'as a checkpoint of this package: {ours_error}'] \
        if ours_error else []
    for name in sources:
        try:
            return convert_file(checkpoint, name, entry.config).state_dict
        except (KeyError, ValueError) as error:
            errors.append(f'as {name}: {error}')
    raise CheckpointMismatchError(
        f'{checkpoint} does not fit {entry.name}:\n  ' + '\n  '.join(errors))


def build(name: str, checkpoint: Optional[str] = None, device: str = 'cpu',
          source: Optional[str] = None) -> nn.Module:
    """The model of a zoo entry, in eval mode.

    Args:
        name: The entry's name (see :func:`~.index.list_models`).
        checkpoint: A local weights file; None: freshly initialised
            weights. Keys must match the model exactly (strict load). A
            converted entry also takes the official file, converted by
            ``source`` or else by each of its ``Converted From`` sources.
        device: Where the model is built (``'meta'``: shapes only, no
            checkpoint).
        source: Weight source of an official file (e.g. ``'torchvision'``).

    Raises:
        UnknownModelError: no such entry.
        HashMismatchError: the file's name carries a sha256 its content
            does not have.
        CheckpointMismatchError: the weights do not fit the model.
    """
    entry = get_entry(name)
    model = build_model(entry.config, device=device)
    if checkpoint is None:
        if device != 'meta':
            model.init_weights()
        return model.eval()
    if device == 'meta':
        raise ValueError('build: a meta-device model takes no checkpoint')
    target = model.state_dict()
    state, error = None, None
    if source is None:
        state = _state_dict(load_weights_file(checkpoint))
        try:
            if state is None:
                raise CheckpointMismatchError('no state dict in the file')
            check_exact_match(state, target, checkpoint,
                              f'the model of {entry.config}')
        except CheckpointMismatchError as mismatch:
            state, error = None, mismatch
            if not entry.converted:
                raise
    if state is None:
        state = _official_state(entry, checkpoint, source, error)
    model.load_state_dict(state, strict=True)
    return model.eval()
