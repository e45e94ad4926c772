"""One measurement in a process of its own: its peak memory is its own,
and a crash (a kernel bug) costs one row, not the run."""
import argparse
import json
import os
import subprocess
import sys
from typing import Callable, Dict, List

from .timing import Options

_MARK = 'BENCHMARK-JSON '


def add_option_flags(parser: argparse.ArgumentParser) -> None:
    """The flags of :class:`Options`, plus threads and repeats."""
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--batch', type=int, default=1)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--bf16', action='store_true', help='bf16 autocast')
    parser.add_argument('--channels-last', action='store_true')
    parser.add_argument('--compile', action='store_true', help='torch.compile')
    parser.add_argument('--fold-bn', action='store_true',
                        help='inference with BN folded into the convs')
    parser.add_argument('--keep-subnormals', action='store_true',
                        help='do not flush subnormal floats (see Options)')


def options_from(args) -> Options:
    return Options(device=args.device, batch=args.batch, bf16=args.bf16,
                   channels_last=args.channels_last, compile=args.compile,
                   fold_bn=args.fold_bn,
                   flush_denormal=not args.keep_subnormals)


def option_args(options: Options, threads: int, repeats: int) -> List[str]:
    """The flags that reproduce ``options``."""
    args = ['--threads', str(threads), '--repeats', str(repeats),
            '--device', options.device, '--batch', str(options.batch)]
    for flag, on in (('--bf16', options.bf16),
                     ('--channels-last', options.channels_last),
                     ('--compile', options.compile),
                     ('--fold-bn', options.fold_bn),
                     ('--keep-subnormals', not options.flush_denormal)):
        if on:
            args.append(flag)
    return args


def run_isolated(module: str, target: str, args: List[str]) -> Dict:
    """``python -m module target *args`` and the result it printed; on a
    failure or crash, ``{'error': last lines}``."""
    command = [sys.executable, '-m', module, target] + args
    result = subprocess.run(command, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONWARNINGS='ignore'))
    for line in result.stdout.splitlines():
        if line.startswith(_MARK):
            return json.loads(line[len(_MARK):])
    tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
    return dict(error='\n'.join(tail) or f'exit code {result.returncode}')


def main(measure: Callable[[str, Options, int], Dict], argv=None) -> None:
    """The ``__main__`` of a measuring module: ``TARGET --flags``."""
    import torch

    import mmvid_plugin  # noqa: F401  (registers the models)
    parser = argparse.ArgumentParser()
    parser.add_argument('target')
    add_option_flags(parser)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    result = measure(args.target, options_from(args), args.repeats)
    print(_MARK + json.dumps(result), flush=True)
