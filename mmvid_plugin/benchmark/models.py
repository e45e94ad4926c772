"""``tools/benchmark.py models``: the configs' table and, with
``--compare-mmaction2``, our backbones against MMAction2's, one run
recorded per set of options."""
import sys
from typing import Dict, List, Optional

import torch

from ..utils.progress import ProgressLine
from .configs import DEFAULT_CONFIGS
from .counterparts import COUNTERPARTS
from .isolated import option_args, run_isolated
from .machine import describe_machine, machine_line
from .timing import Options


def counterparts_named(names: Optional[List[str]]) -> list:
    """The counterparts called ``names`` (all for None)."""
    known = [pair.name for pair in COUNTERPARTS]
    unknown = sorted(set(names or ()) - set(known))
    if unknown:
        raise ValueError(f'--pairs: unknown {unknown}; expected names from '
                         f'{known}')
    return [p for p in COUNTERPARTS if names is None or p.name in names]


def run_models(configs: Optional[List[str]], options: Options,
               threads: int, repeats: int, compare_mmaction2: bool,
               command: str, pairs: Optional[List[str]] = None) -> Dict:
    """One run: the machine, then each counterpart pair (interleaved in
    a process of its own) and each config (in a process of its own), as
    ``{'counterparts': section, 'configs': section}`` (those run), each
    section with its machine, command, repeats and ``results``; ``pairs``
    names the counterparts to run (default: all)."""
    torch.set_num_threads(threads)
    machine = describe_machine(options.device)
    print(machine_line(machine), flush=True)

    def section(results):
        return dict(machine=machine, command=command, repeats=repeats,
                    results=results)

    args = option_args(options, threads, repeats)
    run = {}
    if compare_mmaction2:
        chosen = counterparts_named(pairs)
        results = []
        progress = ProgressLine(len(chosen), 'counterparts')
        for pair in chosen:
            result = run_isolated('mmvid_plugin.benchmark.counterparts',
                                  pair.name, args)
            result.setdefault('name', pair.name)
            results.append(result)
            if 'error' in result:
                print(f"{pair.name}: failed: {result['error']}",
                      file=sys.stderr, flush=True)
            else:
                ratio = result['ratio']
                print(f"{pair.name}: inference {ratio['inference']:.2f}x, "
                      f"train step {ratio['train step']:.2f}x (MMAction2 "
                      'time / ours)', file=sys.stderr, flush=True)
            progress.update()
        run['counterparts'] = section(results)
    configs = DEFAULT_CONFIGS if configs is None else configs
    if configs:
        results = []
        progress = ProgressLine(len(configs), 'configs')
        for config in configs:
            result = run_isolated('mmvid_plugin.benchmark.configs', config,
                                  args)
            result.setdefault('config', config)
            results.append(result)
            if 'error' in result:
                print(f"{config}: failed: {result['error']}",
                      file=sys.stderr, flush=True)
            progress.update()
        run['configs'] = section(results)
    return run
