"""Official checkpoint formats ("sources") and the registry of them.

A :class:`WeightSource` knows one release's files: how to take the state
dict out of a loaded file, which of its models a state dict holds, and how
its keys (and, where the layouts differ, its tensors) map to a config of
this package. Every source registers itself in :data:`SOURCES` under the
name the converter's ``--from`` takes.
"""
from typing import Callable, Dict, Mapping, Optional

import torch

StateDict = Dict[str, torch.Tensor]

#: name -> source, filled by :func:`register_source`.
SOURCES: Dict[str, 'WeightSource'] = {}


class UnknownCheckpointError(ValueError):
    """A file that none of a source's models (or several) could hold."""


class WeightSource:
    """One official release's checkpoint format.

    Subclasses set ``name``, ``description`` (for ``--help``) and
    ``models`` (model name -> repo-relative config path), and implement
    :meth:`convert`; :meth:`unwrap` and :meth:`identify` have defaults.
    A source that fills only part of a model (2D -> 3D inflation: the
    backbone) names that part's key prefix in ``covers``; one that fits any
    config of an architecture sets ``any_config`` (the config is then
    required and is the model name).
    """
    name: str = ''
    description: str = ''
    models: Mapping[str, str] = {}
    covers: str = ''
    any_config: bool = False
    partial: bool = False

    def unwrap(self, loaded) -> StateDict:
        """The state dict inside a loaded file (``model_state``,
        ``state_dict``, ``model`` or the file itself)."""
        if isinstance(loaded, dict):
            for key in ('model_state', 'state_dict', 'model'):
                inner = loaded.get(key)
                if isinstance(inner, dict) and inner and all(
                        torch.is_tensor(v) for v in inner.values()):
                    return dict(inner)
            if loaded and all(torch.is_tensor(v) for v in loaded.values()):
                return dict(loaded)
        keys = list(loaded)[:5] if isinstance(loaded, dict) else None
        raise UnknownCheckpointError(
            f'{self.name}: no state dict found (expected a dict of tensors, '
            "or one under 'model_state', 'state_dict' or 'model'); got a "
            f'{type(loaded).__name__} with keys {keys}')

    def signatures(self) -> Dict[str, Callable[[StateDict], bool]]:
        """model name -> a test of whether a state dict holds that model;
        subclasses that can tell their models apart override this."""
        return {}

    def identify(self, state: StateDict) -> str:
        """The model of :attr:`models` that ``state`` holds.

        Raises:
            UnknownCheckpointError: no model's signature fits, or several
                do; the message lists them and says to pass ``--config``.
        """
        if self.any_config:
            raise UnknownCheckpointError(
                f'{self.name}: fills any config of its architecture; pass '
                '--config (init_cfg: the model it is applied to)')
        if len(self.models) == 1:
            return next(iter(self.models))
        fits = [name for name, test in self.signatures().items()
                if test(state)]
        if len(fits) == 1:
            return fits[0]
        listing = ', '.join(f'{m} ({c})' for m, c in self.models.items())
        what = ('fits several models: ' + ', '.join(fits)) if fits else \
            'fits none of its models'
        raise UnknownCheckpointError(
            f'{self.name}: the checkpoint {what}; pass --config (model=) '
            f'with one of: {listing}')

    def model_for_config(self, config: str) -> str:
        """The model name whose config is ``config`` (repo-relative or
        absolute path, or a model name)."""
        if self.any_config:
            return config
        for model, path in self.models.items():
            if config == model or config.replace('\\', '/').endswith(path):
                return model
        raise UnknownCheckpointError(
            f'{self.name}: no converter for config {config!r}; expected one '
            f'of: {", ".join(self.models.values())}')

    def expected(self, target: StateDict) -> StateDict:
        """The part of the receiving recognizer's state dict this source
        fills (all of it under :attr:`covers` by default)."""
        return {k: v for k, v in target.items() if k.startswith(self.covers)}

    def config_of(self, model: str) -> str:
        return model if self.any_config else self.models[model]

    def convert(self, state: StateDict, model: str,
                target: StateDict) -> StateDict:
        """``state`` (the source's keys) -> our recognizer's keys.

        Args:
            state: The source's state dict.
            model: A name of :attr:`models` (the config for
                ``any_config`` sources).
            target: The receiving recognizer's state dict (shapes; may be
                on the meta device), for sources whose tensors change shape.
        """
        raise NotImplementedError

    def logits(self, recognizer, model: str,
               inputs: torch.Tensor) -> torch.Tensor:
        """Our recognizer's pre-softmax scores of one view per sample,
        ``inputs`` as the reference took it ((N, C, T, H, W) by default),
        for the equivalence checks."""
        feats, _ = recognizer.extract_feat(inputs[:, None], test_mode=True)
        return recognizer.cls_head(feats)


def register_source(cls):
    """Class decorator: instantiate ``cls`` into :data:`SOURCES`."""
    source = cls()
    if source.name in SOURCES:
        raise KeyError(f'weight source {source.name!r} registered twice')
    SOURCES[source.name] = source
    return cls


def get_source(name: str) -> WeightSource:
    if name not in SOURCES:
        raise KeyError(f'weight source {name!r}; expected one of '
                       f'{sorted(SOURCES)}')
    return SOURCES[name]


def renamed(state: StateDict, rename: Callable[[str], Optional[str]],
            source: str) -> StateDict:
    """``state`` with every key renamed by ``rename``; a key it returns
    None for is unknown and collected into one error."""
    out, unknown = {}, []
    for key, value in state.items():
        new = rename(key)
        if new is None:
            unknown.append(key)
        else:
            out[new] = value
    if unknown:
        raise UnknownCheckpointError(
            f'{source}: {len(unknown)} keys of no known layer: '
            f'{unknown[:10]}{" ..." if len(unknown) > 10 else ""}')
    return out
