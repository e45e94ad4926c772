"""Every mapping of weights into this package's models, in one room:
official-checkpoint converters (one module per source), 2D -> 3D
inflation and cross-modality initialisation. Each is a
:class:`~.source.WeightSource` in :data:`SOURCES`; any of them applies from
a config through ``init_cfg=dict(type='ConvertedPretrained', source=...,
checkpoint=...)`` and from the command line through
``tools/convert_checkpoint.py --from SOURCE``."""
from .converting import (ConvertedCheckpoint, build_model, convert_file,
                         convert_state_dict)
from .initializer import ConvertedPretrained
from .source import (SOURCES, UnknownCheckpointError, WeightSource,
                     get_source, register_source)

# sources (each registers itself)
from . import torchvision  # noqa: F401,E402  isort:skip
from . import cross_modality  # noqa: F401,E402  isort:skip
from . import inflation  # noqa: F401,E402  isort:skip
from . import pyslowfast  # noqa: F401,E402  isort:skip
from . import pytorchvideo  # noqa: F401,E402  isort:skip
from . import pytorch_i3d  # noqa: F401,E402  isort:skip
from . import mmaction2  # noqa: F401,E402  isort:skip
from . import timesformer  # noqa: F401,E402  isort:skip
# end of sources

__all__ = [
    'SOURCES', 'ConvertedCheckpoint', 'ConvertedPretrained',
    'UnknownCheckpointError', 'WeightSource', 'build_model', 'convert_file',
    'convert_state_dict', 'get_source', 'register_source'
]
