"""Read an official checkpoint, convert it through its source, check it
against the target config's model key for key, and write or load it."""
import os.path as osp
from dataclasses import dataclass, field
from typing import Optional

import torch

from ..resources import resource_root
from ..utils.state_dict_match import check_exact_match
from .release import file_sha256
from .source import StateDict, get_source

#: The repository root (or the installed package's copy of its configs
#: and model index): configs are named relative to it.
REPO_ROOT = resource_root()


def repo_path(config: str) -> str:
    """An absolute path for a repo-relative config path."""
    return config if osp.isabs(config) else osp.join(REPO_ROOT, config)


def repo_relative(config: str) -> str:
    path = osp.abspath(config)
    if path.startswith(REPO_ROOT + osp.sep):
        return osp.relpath(path, REPO_ROOT).replace(osp.sep, '/')
    return config


def load_weights_file(path: str):
    """A checkpoint file through :func:`~..engine.checkpoint_io.
    load_checkpoint_safely` (``weights_only``, ``.safetensors``, sha256
    suffix verified); a Caffe2 ``.pkl`` through a numpy-only unpickler
    (:func:`~.caffe2_blobs.load_caffe2_pickle`)."""
    if path.endswith('.pkl'):
        from .caffe2_blobs import load_caffe2_pickle
        return load_caffe2_pickle(path)
    from ..engine.checkpoint_io import load_checkpoint_safely
    return load_checkpoint_safely(path, map_location='cpu')


def build_model(config: str, device: str = 'cpu',
                cfg_options: Optional[dict] = None):
    """The model of a config file (``device='meta'``: shapes only)."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    from mmaction.registry import MODELS
    cfg = Config.fromfile(repo_path(config))
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    with torch.device(device):
        return MODELS.build(cfg.model)


@dataclass
class ConvertedCheckpoint:
    """A converted state dict, the config it fits and where it came from."""
    state_dict: StateDict
    config: str
    meta: dict = field(default_factory=dict)


def convert_state_dict(state: StateDict, source: str,
                       config: Optional[str] = None,
                       name: str = 'checkpoint') -> ConvertedCheckpoint:
    """Convert a source's state dict and check it against the config.

    Args:
        state: The source's state dict (already unwrapped).
        source: A name of :data:`~.source.SOURCES`.
        config: The target config or model name; None: the source
            identifies the model from the keys and shapes.
        name: The file, for messages.

    Raises:
        UnknownCheckpointError: the model cannot be identified.
        CheckpointMismatchError: the converted keys or shapes differ from
            the config's model.
    """
    weights_source = get_source(source)
    model = weights_source.model_for_config(config) if config else \
        weights_source.identify(state)
    config_path = repo_relative(weights_source.config_of(model))
    target = build_model(config_path, device='meta').state_dict()
    converted = weights_source.convert(state, model, target)
    if not weights_source.partial:
        check_exact_match(converted, weights_source.expected(target),
                          f'{name} converted from {source}',
                          f'the model of {config_path}')
    return ConvertedCheckpoint(
        converted, config_path,
        dict(config=config_path, source=source, source_model=model))


def convert_file(path: str, source: str,
                 config: Optional[str] = None) -> ConvertedCheckpoint:
    """:func:`convert_state_dict` of a file; ``meta`` also records the
    file's name and sha256."""
    loaded = load_weights_file(path)
    state = get_source(source).unwrap(loaded)
    converted = convert_state_dict(state, source, config, path)
    converted.meta.update(source_file=osp.basename(path),
                          source_sha256=file_sha256(path))
    return converted
