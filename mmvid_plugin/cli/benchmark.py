"""Speed and memory benchmarks; results go to docs/, never into tests.

    python tools/benchmark.py models [CONFIG ...] [--compare-mmaction2]
        [--pairs NAME ...] [--threads 2] [--repeats 5] [--batch 1] [--bf16]
        [--channels-last] [--compile] [--fold-bn] [--device cpu|cuda]
        [--write-docs]
    python tools/benchmark.py flow [--size 340x256] [--frames 20]
    python tools/benchmark.py attention [--frames 8] [--size 224]
    python tools/benchmark.py decoding [--workers 0 1 2]
    python tools/benchmark.py scaling [--models NAME ...] [--repeats 1]
    python tools/benchmark.py profile NAME [--step inference|train step]
    python tools/benchmark.py memory [--budget-gib 16] [--frames 4 8 16]
        [--with-cp-only]
    python tools/benchmark.py convs [--repeats 5]

``models`` measures the machine (CPU model, vector extensions, fp32 and
bf16 matmul rate), then, with ``--compare-mmaction2``, our backbones and
MMAction2's on the identical input (interleaved, medians), then every
config (default: each backbone family at its paper input and MotionDigits
configs; ``--configs-none`` for none). ``--write-docs`` records the run in
docs/benchmarks.json and its table in docs/benchmarks.md.
"""
import argparse
import os.path as osp
import shlex
import sys

from mmvid_plugin.benchmark import Options
from mmvid_plugin.benchmark.isolated import add_option_flags, options_from
from mmvid_plugin.resources import SOURCE_ROOT

ROOT = SOURCE_ROOT  # docs/ of the checkout


def models(args) -> None:
    from mmvid_plugin.benchmark.models import run_models
    from mmvid_plugin.benchmark.report import merged, read_runs, write
    options = options_from(args)
    configs = [] if args.configs_none else (args.configs or None)
    command = 'python tools/benchmark.py ' + shlex.join(sys.argv[1:])
    run = run_models(configs, options, args.threads, args.repeats,
                     args.compare_mmaction2, command, args.pairs)
    if args.write_docs:
        json_path = osp.join(ROOT, 'docs', 'benchmarks.json')
        label = f'{options.label()}, {args.threads} threads'
        runs = merged(read_runs(json_path), label, run)
        write(runs, json_path, osp.join(ROOT, 'docs/benchmarks.md'))
        print(f'written: {json_path} and docs/benchmarks.md')


def decode(args) -> None:
    import glob
    import tempfile

    from mmvid_plugin.benchmark.decoding import benchmark_decoding
    from mmvid_plugin.datasets import MotionDigitsSpec, ensure_motion_digits
    with tempfile.TemporaryDirectory() as tmp:
        root = ensure_motion_digits(osp.join(tmp, 'md'), MotionDigitsSpec(
            num_train=10, num_val=10, num_test=10))
        video = sorted(glob.glob(osp.join(root, 'videos', '*', '*.mp4')))[0]
        benchmark_decoding(video, args.workers)


def scale(args) -> None:
    import json

    import torch

    import mmvid_plugin  # noqa: F401  (registers the models)
    from mmvid_plugin.benchmark import describe_machine, machine_line
    from mmvid_plugin.benchmark.scaling import (BACKBONES, benchmark_scaling,
                                                plot_scaling)
    from mmvid_plugin.utils.atomic import write_text_atomically
    torch.set_num_threads(args.threads)
    line = machine_line(describe_machine())
    print(line, flush=True)
    results = benchmark_scaling(args.models or list(BACKBONES), Options(),
                                args.repeats)
    stem = osp.join(ROOT, 'docs', 'scaling')
    write_text_atomically(stem + '.json', json.dumps(
        dict(machine=line, seconds=results), indent=1) + '\n')
    plot_scaling(results, stem + '.png', f'training step, batch 1, fp32: '
                 f'{line}')
    print(f'written: {stem}.json, {stem}.png')


def profile(args) -> None:
    import torch

    import mmvid_plugin  # noqa: F401  (registers the models)
    from mmvid_plugin.benchmark.counterparts import COUNTERPARTS
    from mmvid_plugin.benchmark.counterparts import profile as profile_pair
    names = [p.name for p in COUNTERPARTS]
    if args.name not in names:
        raise SystemExit(f'profile: unknown counterpart {args.name!r}; '
                         f'expected one of {names}')
    torch.set_num_threads(args.threads)
    pair = COUNTERPARTS[names.index(args.name)]
    for who, table in profile_pair(pair, Options(), args.step).items():
        print(f'== {who}: {pair.name}, {args.step}\n{table}')


def frames_in_memory(args) -> None:
    import torch

    from mmvid_plugin.benchmark import describe_machine, machine_line
    from mmvid_plugin.benchmark.memory import frames_within
    torch.set_num_threads(args.threads)
    print(machine_line(describe_machine()), flush=True)
    for with_cp in (True, ) if args.with_cp_only else (False, True):
        fit = frames_within('divided_space_time', args.budget_gib, with_cp,
                            args.frames)
        print(f"with_cp={with_cp}: {fit['mib_per_frame']:.0f} MiB per frame"
              f" + {fit['fixed_mib']:.0f} MiB: at most "
              f"{fit['largest_frames']} frames at 224 px in "
              f'{args.budget_gib:g} GiB', flush=True)


def convs(args) -> None:
    import torch

    from mmvid_plugin.benchmark import describe_machine, machine_line
    from mmvid_plugin.benchmark.convs import benchmark_convs, markdown_rows
    torch.set_num_threads(args.threads)
    print(machine_line(describe_machine()), flush=True)
    print('\n'.join(markdown_rows(benchmark_convs(args.repeats))))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = parser.add_subparsers(dest='what', required=True)
    m = sub.add_parser('models', help='configs (and MMAction2 counterparts)')
    m.add_argument('configs', nargs='*')
    m.add_argument('--configs-none', action='store_true')
    m.add_argument('--compare-mmaction2', action='store_true')
    m.add_argument('--pairs', nargs='+', default=None,
                   help='counterparts to compare (default: all)')
    add_option_flags(m)
    m.add_argument('--write-docs', action='store_true')
    flow = sub.add_parser('flow', help='optical-flow frames per second')
    flow.add_argument('--size', default='340x256')
    flow.add_argument('--frames', type=int, default=20)
    flow.add_argument('--threads', type=int, default=2)
    attention = sub.add_parser(
        'attention', help='TimeSformer restricted attention: masks vs groups')
    attention.add_argument('--frames', type=int, default=8)
    attention.add_argument('--size', type=int, default=224)
    attention.add_argument('--repeats', type=int, default=3)
    decoding = sub.add_parser('decoding', help='video decoding clips/s')
    decoding.add_argument('--workers', type=int, nargs='+', default=[0, 1, 2])
    scaling = sub.add_parser('scaling', help='training step vs frames / size')
    scaling.add_argument('--models', nargs='+', default=None)
    scaling.add_argument('--repeats', type=int, default=1)
    scaling.add_argument('--threads', type=int, default=2)
    prof = sub.add_parser('profile', help='top operators, ours vs MMAction2')
    prof.add_argument('name', help='a counterpart, e.g. "SlowFast-R50 4x16"')
    prof.add_argument('--step', default='train step',
                      choices=('inference', 'train step'))
    prof.add_argument('--threads', type=int, default=2)
    memory = sub.add_parser('memory', help='TimeSformer frames within a '
                            'memory budget, with / without with_cp')
    memory.add_argument('--budget-gib', type=float, default=16.0)
    memory.add_argument('--frames', type=int, nargs='+', default=[4, 8, 16])
    memory.add_argument('--threads', type=int, default=2)
    memory.add_argument('--with-cp-only', action='store_true',
                        help='only with_cp=True (frame counts beyond RAM '
                        'without it)')
    conv = sub.add_parser('convs', help='1x3x3 convs: PyTorch\'s kernel vs '
                          'frame-wise')
    conv.add_argument('--repeats', type=int, default=5)
    conv.add_argument('--threads', type=int, default=2)
    args = parser.parse_args(argv)
    if args.what == 'convs':
        convs(args)
    elif args.what == 'memory':
        frames_in_memory(args)
    elif args.what == 'profile':
        profile(args)
    elif args.what == 'scaling':
        scale(args)
    elif args.what == 'models':
        models(args)
    elif args.what == 'decoding':
        decode(args)
    elif args.what == 'flow':
        from mmvid_plugin.benchmark.flow import benchmark_flow
        benchmark_flow(args.size, args.frames, args.threads)
    else:
        from mmvid_plugin.benchmark.attention import benchmark_attention
        benchmark_attention(args.frames, args.size, args.repeats)


if __name__ == '__main__':
    main()
