"""``init_cfg=dict(type='ConvertedPretrained', source=..., checkpoint=...)``:
fine-tune from an official file without a separate conversion step."""
from typing import Optional

from mmaction.registry import WEIGHT_INITIALIZERS
from mmengine.logging import print_log

from ..utils.state_dict_match import check_exact_match
from .source import get_source


def init_children_first(module) -> None:
    """Run the children's own ``init_weights`` now. MMEngine applies a
    module's non-``Pretrained`` ``init_cfg`` before its children's
    ``init_weights``, which would overwrite the loaded weights; children
    initialised here are skipped later (``is_init``)."""
    for child in module.children():
        if hasattr(child, 'init_weights') and not getattr(
                child, 'is_init', False):
            child.init_weights()


@WEIGHT_INITIALIZERS.register_module()
class ConvertedPretrained:
    """Load an official checkpoint into the model through its source's
    converter (:data:`~.source.SOURCES`: 'pyslowfast', 'timesformer',
    'torchvision', ...), strictly.

    Put it on the backbone, as MMAction2's ``Pretrained``:
    ``model=dict(backbone=dict(..., init_cfg=dict(type='ConvertedPretrained',
    source='pyslowfast', checkpoint='SLOWFAST_4x16_R50.pyth')))``: the
    backbone's converted tensors load (the head keeps its init, e.g. for a
    new class count). MMAction2's recognizers take no ``init_cfg``; on a
    module that has a ``backbone`` (our recognizers) every tensor loads.
    The full official model (head included) is also one command away:
    ``tools/convert_checkpoint.py`` writes a file for ``load_from``.

    Args:
        source: The checkpoint's format.
        checkpoint: Local path of the official file.
        prefix: Load only the converted keys under this prefix (e.g.
            ``'backbone.'`` to fine-tune with a new head); every key of the
            receiving part must then be there. On a backbone's ``init_cfg``
            the backbone's keys are loaded.
        model: The source's model name when the file cannot tell (as the
            converter's ``--config``).
    """

    def __init__(self, source: str, checkpoint: str,
                 prefix: Optional[str] = None, model: Optional[str] = None):
        get_source(source)  # fail at build time on an unknown name
        self.source, self.checkpoint = source, checkpoint
        self.prefix, self.model = prefix, model

    def __call__(self, module) -> None:
        from .converting import load_weights_file
        init_children_first(module)
        weights_source = get_source(self.source)
        state = weights_source.unwrap(load_weights_file(self.checkpoint))
        model = self.model or (
            type(module).__name__ if weights_source.any_config else
            weights_source.identify(state))
        on_recognizer = hasattr(module, 'backbone')
        full = module.state_dict() if on_recognizer else {
            f'backbone.{k}': v for k, v in module.state_dict().items()}
        converted = weights_source.convert(state, model, full)
        expected = weights_source.expected(full)
        prefix = 'backbone.' if not on_recognizer else (
            self.prefix or weights_source.covers)
        target = module
        if prefix:
            converted, expected = (
                {k[len(prefix):]: v for k, v in part.items()
                 if k.startswith(prefix)} for part in (converted, expected))
            if on_recognizer:
                target = module.get_submodule(prefix.rstrip('.'))
        if not weights_source.partial:
            check_exact_match(converted, expected,
                              f'{self.checkpoint} ({self.source}, {model})',
                              f'the {type(target).__name__} being '
                              'initialised')
        whole = not weights_source.partial and len(expected) == len(
            target.state_dict())
        target.load_state_dict(converted, strict=whole)
        print_log(f'{type(target).__name__}: {len(converted)} tensors from '
                  f'{self.checkpoint} ({self.source} {model})',
                  logger='current')

    def _get_init_info(self) -> str:
        return (f'{type(self).__name__}: {self.source} checkpoint '
                f'{self.checkpoint}')
