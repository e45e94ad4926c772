"""``init_cfg=dict(type='CrossModalityPretrained', checkpoint=...)``."""
from mmaction.registry import WEIGHT_INITIALIZERS
from mmengine.runner.checkpoint import _load_checkpoint

from .tsn_practices import log_adapted, rgb_init_state


@WEIGHT_INITIALIZERS.register_module()
class CrossModalityPretrained:
    """Load RGB weights into a module whose first conv takes other inputs.

    The checkpoint may be any of :data:`~.tsn_practices.RGB_SOURCES`; a
    checkpoint none of whose tensors fits raises
    :class:`~mmvid_plugin.utils.CheckpointMismatchError`, a partial fit is
    logged.

    Args:
        checkpoint: Local path of an RGB checkpoint (MMEngine or plain state
            dict).
        prefix: Keep only keys under this prefix (e.g. ``'backbone.'``),
            with the prefix removed.
        map_location: As ``torch.load``.
    """

    def __init__(self, checkpoint: str, prefix: str = None,
                 map_location: str = 'cpu'):
        self.checkpoint = checkpoint
        self.prefix = prefix
        self.map_location = map_location

    def __call__(self, module):
        loaded = _load_checkpoint(self.checkpoint, self.map_location)
        state = loaded.get('state_dict', loaded)
        if self.prefix:
            state = {k[len(self.prefix):]: v for k, v in state.items()
                     if k.startswith(self.prefix)}
        state, keys, matched = rgb_init_state(state, module.state_dict(),
                                              self.checkpoint)
        log_adapted(keys, self.checkpoint)
        module.load_state_dict({k: state[k] for k in matched}, strict=False)

    def _get_init_info(self):
        return f'{self.__class__.__name__}: load from {self.checkpoint}'
