"""TSN's partial BN for 2D backbones (Wang et al., ECCV 2016, Sec. 3.2);
its cross-modality initialisation is in ``weights/cross_modality.py``."""
from typing import List

from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm


def frozen_batch_norms(model: nn.Module) -> List[_BatchNorm]:
    """Every BatchNorm of ``model`` but the first, in module order."""
    norms = [m for m in model.modules() if isinstance(m, _BatchNorm)]
    return norms[1:]


def apply_partial_bn(model: nn.Module) -> int:
    """Freeze statistics and affine parameters of all BN layers but the first.

    Call after every ``model.train()``: it puts those layers back in eval
    mode. Returns the number of frozen layers.
    """
    frozen = frozen_batch_norms(model)
    for norm in frozen:
        norm.eval()
        for parameter in norm.parameters(recurse=False):
            parameter.requires_grad_(False)
    return len(frozen)

