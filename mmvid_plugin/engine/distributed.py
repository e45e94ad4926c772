"""Distributed training on CPU-only machines (gloo).

MMEngine 0.10.7 assumes CUDA under ``--launcher pytorch``: it calls
``torch.cuda.set_device`` unconditionally, and ``Runner.wrap_model`` passes
``device_ids=[LOCAL_RANK]`` to DDP, which DDP rejects for CPU modules. The two
functions below remove both assumptions when no accelerator is present and
leave GPU behaviour untouched.
"""
import functools

import torch
import torch.distributed as torch_dist


def default_backend() -> str:
    """``nccl`` when CUDA is available, ``gloo`` otherwise."""
    return 'nccl' if torch.cuda.is_available() else 'gloo'


def init_dist_pytorch_cpu_aware(original):
    """Wrap MMEngine's ``_init_dist_pytorch`` to skip CUDA without a GPU."""

    @functools.wraps(original)
    def init(backend, init_backend='torch', **kwargs):
        if torch.cuda.is_available() or init_backend != 'torch':
            return original(backend, init_backend=init_backend, **kwargs)
        if backend == 'nccl':
            backend = 'gloo'  # nccl needs CUDA; gloo is the CPU backend
        torch_dist.init_process_group(backend=backend, **kwargs)

    return init


def ddp_init_cpu_aware(original):
    """Wrap ``MMDistributedDataParallel.__init__``: ``device_ids=None`` for
    modules whose parameters all live on the CPU."""

    @functools.wraps(original)
    def __init__(self, module, detect_anomalous_params=False, **kwargs):
        devices = {p.device.type for p in module.parameters()}
        if devices <= {'cpu'}:
            kwargs['device_ids'] = None
            kwargs.pop('output_device', None)
        original(self, module, detect_anomalous_params, **kwargs)

    return __init__
