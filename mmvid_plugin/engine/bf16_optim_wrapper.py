"""``BF16OptimWrapper``: bfloat16 autocast training on CPU or GPU."""
import contextlib

import torch
from mmengine.optim import OptimWrapper
from mmengine.registry import OPTIM_WRAPPERS
from torch import nn


@OPTIM_WRAPPERS.register_module()
class BF16OptimWrapper(OptimWrapper):
    """Runs the forward and loss under ``torch.autocast(dtype=bfloat16)``
    on the model's device; weights, gradients and the optimizer stay
    float32.

    MMEngine's ``AmpOptimWrapper`` refuses to run without a GPU; bf16
    keeps float32's exponent range, so no loss scaling is needed. Pair it
    with ``val_cfg = dict(type='ValLoop', fp16=True)`` (and the same for
    ``test_cfg``), which MMEngine runs in bf16 on CPU, to evaluate as
    trained.
    """

    @contextlib.contextmanager
    def optim_context(self, model: nn.Module):
        device = next(model.parameters()).device.type
        with super().optim_context(model), \
                torch.autocast(device, dtype=torch.bfloat16):
            yield
