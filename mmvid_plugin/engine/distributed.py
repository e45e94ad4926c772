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


def shutdown_distributed() -> bool:
    """Wait for every rank, then destroy the process group.

    Returns:
        Whether a process group was shut down.
    """
    if not (torch_dist.is_available() and torch_dist.is_initialized()):
        return False
    torch_dist.barrier()
    torch_dist.destroy_process_group()
    return True


def exit_distributed_rank(status: int = 0) -> None:
    """End a finished distributed rank without interpreter finalisation.

    On CPU (gloo) about one rank in 10-20 aborted after a successful run
    while native threads were torn down at interpreter shutdown
    ("terminate called without an active exception", SIGABRT), which makes
    torchrun report the whole job as failed. Once the process group is
    destroyed and every log and file is flushed, nothing is left to do, so
    the rank exits directly.
    """
    import logging
    import os
    import sys
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
