"""Timed steps of a network: inference and a training step (forward,
backward, optimizer step), with the options the benchmark offers
(bf16 autocast, channels-last memory, ``torch.compile``)."""
import contextlib
import copy
import statistics
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Tuple, Union

import torch
from torch import nn

from .machine import synchronize

STEPS = ('inference', 'train step')


@dataclass
class Options:
    """How a network runs: ``device``, ``batch`` clips, ``bf16`` autocast,
    ``channels_last`` (``channels_last_3d`` for 5-D input), ``compile``
    (``torch.compile``, default mode), ``fold_bn`` (inference runs a copy
    with eval-mode BN folded into the convolutions before it:
    :func:`~mmvid_plugin.models.layers.batch_norm_folding.fold_batch_norm`),
    ``flush_denormal``.

    ``flush_denormal`` (on by default) flushes subnormal floats to zero on
    the CPU: random-weight nets whose activations decay through fresh BN
    statistics reach subnormals, which x86 computes about 10x slower
    (measured: SlowFast-R50 inference 4.5 s instead of 0.45 s); trained
    weights do not, so timing random nets without it measures an
    artefact.
    """
    device: str = 'cpu'
    batch: int = 1
    bf16: bool = False
    channels_last: bool = False
    compile: bool = False
    fold_bn: bool = False
    flush_denormal: bool = True

    def label(self) -> str:
        parts = ['bf16 autocast' if self.bf16 else 'fp32']
        if self.channels_last:
            parts.append('channels-last')
        if self.fold_bn:
            parts.append('BN folded for inference')
        if self.compile:
            parts.append('torch.compile')
        if not self.flush_denormal:
            parts.append('subnormals kept')
        return ', '.join(parts) + f', batch {self.batch}, {self.device}'


def _memory_format(x: torch.Tensor):
    return torch.channels_last_3d if x.dim() == 5 else torch.channels_last


def _batched(x: torch.Tensor, options: Options) -> torch.Tensor:
    x = x.to(options.device)
    if options.batch != x.shape[0]:
        x = x[:1].expand(options.batch, *x.shape[1:]).contiguous()
    if options.channels_last and x.dim() in (4, 5):
        x = x.contiguous(memory_format=_memory_format(x))
    return x


def prepare(net: nn.Module, inputs: Tuple[torch.Tensor, ...],
            options: Options):
    """``(net, inputs)`` on the device, in the memory format, compiled if
    asked; each input repeated to the batch along its first dim."""
    net = net.to(options.device)
    inputs = tuple(_batched(x, options) for x in inputs)
    if options.channels_last:
        dims = {x.dim() for x in inputs} & {4, 5}
        if dims:
            net = net.to(memory_format=torch.channels_last_3d
                         if 5 in dims else torch.channels_last)
    if options.compile:
        net = torch.compile(net)
    return net, inputs


def _autocast(options: Options):
    if not options.bf16:
        return contextlib.nullcontext()
    device = 'cuda' if options.device.startswith('cuda') else 'cpu'
    return torch.autocast(device, dtype=torch.bfloat16)


def scalar_loss(out) -> torch.Tensor:
    """A loss from whatever the network returns (a tensor, or a tuple /
    list of them, as SlowFast's pathways)."""
    outs = out if isinstance(out, (tuple, list)) else (out, )
    return sum(o.float().mean() for o in outs)


class Steps:
    """The two timed steps of one network on one input."""

    def __init__(self, net: nn.Module,
                 inputs: Union[torch.Tensor, Tuple[torch.Tensor, ...]],
                 options: Options, loss: Callable = scalar_loss):
        if torch.is_tensor(inputs):
            inputs = (inputs, )
        torch.set_flush_denormal(options.flush_denormal)
        self.inference_net = None
        if options.fold_bn:
            from ..models.layers.batch_norm_folding import fold_batch_norm
            folded = copy.deepcopy(net)
            folded.eval()  # (MMAction2's ResNet.train returns None)
            fold_batch_norm(folded, *inputs)
            self.inference_net, _ = prepare(folded, inputs, options)
        self.net, self.inputs = prepare(net, inputs, options)
        self.options, self.loss = options, loss
        params = [p for p in net.parameters() if p.requires_grad]
        self.optimizer = torch.optim.SGD(params, lr=1e-6, momentum=0.9) \
            if params else None

    def inference(self) -> None:
        net = self.inference_net or self.net
        net.eval()
        with torch.no_grad(), _autocast(self.options):
            net(*self.inputs)

    def train_step(self) -> None:
        self.net.train()
        if self.optimizer:
            self.optimizer.zero_grad(set_to_none=True)
        with _autocast(self.options):
            loss = self.loss(self.net(*self.inputs))
        loss.backward()
        if self.optimizer:
            self.optimizer.step()

    def run(self, step: str) -> float:
        """Seconds of one ``step`` (one of :data:`STEPS`)."""
        fn = self.inference if step == 'inference' else self.train_step
        synchronize(self.options.device)
        start = time.perf_counter()
        fn()
        synchronize(self.options.device)
        return time.perf_counter() - start


def operator_shares(averages, key: str = 'self_cpu_time_total'
                    ) -> List[Tuple[str, float]]:
    """``[(operator, share of self time)]`` of a profile's
    ``key_averages()``, largest first."""
    times = [(e.key, getattr(e, key)) for e in averages]
    total = sum(t for _, t in times) or 1.0
    return sorted(((name, t / total) for name, t in times),
                  key=lambda kv: -kv[1])


def interleaved_medians(nets: Dict[str, Steps], repeats: int,
                        warmup: int = 1, steps: Tuple[str, ...] = STEPS
                        ) -> Dict[str, Dict[str, float]]:
    """Median seconds per network and step, running the networks in turn
    so that the machine's drift hits all alike, in mirrored order (A B,
    then B A): the first network of a round runs right after the other's
    training step, which costs the next step a few percent here (it
    showed as 0.93x for TSN-R50, the same code on both sides); ``warmup``
    untimed rounds first (and compilation, with ``compile``)."""
    times: Dict[str, Dict[str, List[float]]] = {
        name: {step: [] for step in steps} for name in nets}
    order = list(nets)
    for round_ in range(warmup + repeats):
        for step in steps:
            for name in order if round_ % 2 == 0 else order[::-1]:
                runner = nets[name]
                took = runner.run(step)
                if round_ >= warmup:
                    times[name][step].append(took)
    return {name: {step: statistics.median(values)
                   for step, values in per.items()}
            for name, per in times.items()}
