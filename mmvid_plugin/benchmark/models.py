"""``tools/benchmark.py models``: the configs' table and, with
``--compare-mmaction2``, our backbones against MMAction2's, one run
recorded per set of options."""
import sys
from typing import Dict, List, Optional

import torch

from ..utils.progress import ProgressLine
from .configs import DEFAULT_CONFIGS, run_isolated
from .counterparts import COUNTERPARTS, compare
from .machine import describe_machine, machine_line
from .timing import Options


def option_args(options: Options, threads: int, repeats: int) -> List[str]:
    """The command-line flags that reproduce ``options``."""
    args = ['--threads', str(threads), '--repeats', str(repeats),
            '--device', options.device, '--batch', str(options.batch)]
    for flag, on in (('--bf16', options.bf16),
                     ('--channels-last', options.channels_last),
                     ('--compile', options.compile),
                     ('--keep-subnormals', not options.flush_denormal)):
        if on:
            args.append(flag)
    return args


def run_models(configs: Optional[List[str]], options: Options,
               threads: int, repeats: int, compare_mmaction2: bool,
               command: str) -> Dict:
    """One run: the machine, then the counterparts (in this process,
    interleaved) and every config (each in a process of its own)."""
    torch.set_num_threads(threads)
    machine = describe_machine(options.device)
    print(machine_line(machine), flush=True)
    run = dict(machine=machine, command=command, repeats=repeats,
               counterparts=[], configs=[])
    if compare_mmaction2:
        import mmvid_plugin  # noqa: F401
        progress = ProgressLine(len(COUNTERPARTS), 'counterparts')
        for pair in COUNTERPARTS:
            result = compare(pair, options, repeats)
            run['counterparts'].append(result)
            print(f"{pair.name}: inference {result['ratio']['inference']:.2f}"
                  f"x, train step {result['ratio']['train step']:.2f}x "
                  '(MMAction2 time / ours)', file=sys.stderr, flush=True)
            progress.update()
    configs = DEFAULT_CONFIGS if configs is None else configs
    if configs:
        progress = ProgressLine(len(configs), 'configs')
        args = option_args(options, threads, repeats)
        for config in configs:
            result = run_isolated(config, args)
            run['configs'].append(result)
            if 'error' in result:
                print(f"{config}: failed: {result['error']}",
                      file=sys.stderr, flush=True)
            progress.update()
    return run
