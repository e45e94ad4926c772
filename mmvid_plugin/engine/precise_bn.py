"""Precise BN: recompute BatchNorm statistics over many training batches
before evaluation, as PySlowFast's ``BN.USE_PRECISE_STATS`` (200 batches,
``NUM_BATCHES_PRECISE: 200``, in its released Kinetics configs; run by
``tools/train_net.py`` ``calculate_and_update_precise_bn``, which calls
fvcore's ``update_bn_stats``).

The running averages a BN keeps during training lag behind the weights
(and with a small momentum still hold their initial values after a short
schedule); recomputing them with the final weights gives evaluation the
statistics the network actually produces.
"""
import itertools
from typing import Iterable, List

import torch
from mmengine.dist import all_reduce, get_world_size
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from mmaction.registry import HOOKS


def training_batch_norms(model: nn.Module) -> List[_BatchNorm]:
    """The BatchNorm layers that update their statistics in ``model``'s
    current mode (layers frozen in eval mode, e.g. by partial BN, are
    left alone)."""
    return [m for m in model.modules()
            if isinstance(m, _BatchNorm) and m.training
            and m.track_running_stats]


@torch.no_grad()
def recompute_bn_statistics(model: nn.Module, forward_batch,
                            batches: Iterable, num_batches: int) -> int:
    """Set every training BN's running mean and variance to the plain
    average of the batch statistics over ``num_batches`` batches.

    Args:
        model: The network, in the mode it trains in.
        forward_batch: Called with each batch; runs the forward pass.
        batches: Training batches (at least ``num_batches``).
        num_batches: How many batches to average over.

    Returns:
        The number of batches used.
    """
    norms = training_batch_norms(model)
    momenta = [m.momentum for m in norms]
    for norm in norms:  # momentum None: cumulative (equal-weight) average
        norm.reset_running_stats()
        norm.momentum = None
    used = 0
    try:
        for batch in itertools.islice(batches, num_batches):
            forward_batch(batch)
            used += 1
    finally:
        for norm, momentum in zip(norms, momenta):
            norm.momentum = momentum
    if used == 0:
        raise ValueError('recompute_bn_statistics: the loader gave no batch')
    if get_world_size() > 1:  # every process averages its own batches
        for norm in norms:
            all_reduce(norm.running_mean, op='mean')
            all_reduce(norm.running_var, op='mean')
    return used


@HOOKS.register_module()
class PreciseBNHook(Hook):
    """Recompute BN statistics over ``num_batches`` training batches after
    every ``interval`` training epochs (or iterations with
    ``by_epoch=False``), before the checkpoint and the validation of that
    point, as PySlowFast's precise BN.

    Args:
        num_batches: Training batches to average (PySlowFast: 200).
        interval: Epochs (iterations) between recomputations; match the
            validation interval.
        by_epoch: Count ``interval`` in epochs (True) or iterations.
    """
    priority = 'ABOVE_NORMAL'  # before CheckpointHook saves the model

    def __init__(self, num_batches: int = 200, interval: int = 1,
                 by_epoch: bool = True):
        for name, value in (('num_batches', num_batches),
                            ('interval', interval)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(f'PreciseBNHook: {name}={value!r}; '
                                 'expected an integer >= 1')
        self.num_batches, self.interval = num_batches, interval
        self.by_epoch = by_epoch

    def _recompute(self, runner) -> None:
        wrapper = runner.model
        model = wrapper.module if is_model_wrapper(wrapper) else wrapper

        def forward_batch(batch):
            data = model.data_preprocessor(batch, training=True)
            model(**data, mode='tensor')

        used = recompute_bn_statistics(model, forward_batch,
                                       runner.train_dataloader,
                                       self.num_batches)
        runner.logger.info(f'precise BN: statistics of '
                           f'{len(training_batch_norms(model))} BatchNorm '
                           f'layers recomputed over {used} batches')

    def after_train_epoch(self, runner) -> None:
        if self.by_epoch and self.every_n_epochs(runner, self.interval):
            self._recompute(runner)

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        if not self.by_epoch and self.every_n_train_iters(
                runner, self.interval):
            self._recompute(runner)
