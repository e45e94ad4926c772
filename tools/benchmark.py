"""Speed and memory benchmarks; results go to docs/ by hand, never into
tests.

    python tools/benchmark.py flow [--size 340x256] [--frames 20]
    python tools/benchmark.py attention [--frames 8] [--size 224]
    python tools/benchmark.py models [--repeats 3] [--threads 2]
"""
import argparse
import json
import os.path as osp
import resource
import subprocess
import sys
import time

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

import numpy as np  # noqa: E402

from mmvid_plugin.flow import ALGORITHMS, make_flow_fn  # noqa: E402


def moving_texture(num_frames, width, height):
    """Grey frames of a smooth random texture drifting 2 px right per frame."""
    import cv2
    rng = np.random.default_rng(0)
    base = cv2.GaussianBlur(
        rng.random((height, width + 2 * num_frames)).astype(np.float32),
        (0, 0), 3)
    base = cv2.normalize(base, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return [base[:, 2 * t:2 * t + width].copy() for t in range(num_frames)]


def benchmark_flow(size: str, frames: int, threads: int) -> dict:
    import cv2
    cv2.setNumThreads(threads)
    width, height = (int(v) for v in size.split('x'))
    clip = moving_texture(frames + 1, width, height)
    results = {}
    for algorithm in ALGORITHMS:
        flow_fn = make_flow_fn(algorithm)
        flow_fn(clip[0], clip[1])  # warm-up
        start = time.perf_counter()
        for prev, nxt in zip(clip[:-1], clip[1:]):
            flow_fn(prev, nxt)
        results[algorithm] = frames / (time.perf_counter() - start)
        print(f'{algorithm:10s} {size}: {results[algorithm]:7.2f} frames/s '
              f'({threads} OpenCV threads, {frames} frames)', flush=True)
    return results


RESTRICTED = {'sparse local': 'local', 'sparse global': 'global',
              'axial time': 'time', 'axial width': 'width',
              'axial height': 'height'}


def attention_case(relation: str, way: str, frames: int, size: int,
                   repeats: int) -> dict:
    """One restricted TimeSformer attention step of ViT-B/16 (768 wide, 12
    heads) on a clip, forward + backward, 'masked' or 'grouped'; run in a
    process of its own so that its peak memory is its own."""
    import torch
    from mmvid_plugin.models.backbones.timesformer import (attention_groups,
                                                           attention_mask)
    from mmvid_plugin.models.layers import SelfAttention
    torch.manual_seed(0)
    grid = (frames, size // 16, size // 16)
    attn = SelfAttention(768, 12)
    x = torch.randn(1, 1 + grid[0] * grid[1] * grid[2], 768,
                    requires_grad=True)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if way == 'masked':
        mask = attention_mask(relation, grid)
        step = lambda: attn(x, mask)  # noqa: E731
    else:
        groups = attention_groups(relation, grid)
        step = lambda: attn.grouped(x, groups)  # noqa: E731
    step().sum().backward()  # warm-up
    start = time.perf_counter()
    for _ in range(repeats):
        step().sum().backward()
    seconds = (time.perf_counter() - start) / repeats
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return dict(ms=1000 * seconds, extra_mib=(peak - before) / 1024)


def benchmark_attention(frames: int, size: int, repeats: int) -> dict:
    tokens = 1 + frames * (size // 16)**2
    print(f'ViT-B/16 attention step, {frames}x{size} ({tokens} tokens), '
          f'forward + backward, batch 1, mean of {repeats}', flush=True)
    results = {}
    for name, relation in RESTRICTED.items():
        for way in ('masked', 'grouped'):
            out = subprocess.run(
                [sys.executable, __file__, 'attention-case', relation, way,
                 str(frames), str(size), str(repeats)],
                check=True, capture_output=True, text=True).stdout
            results[name, way] = json.loads(out.splitlines()[-1])
        masked, grouped = results[name, 'masked'], results[name, 'grouped']
        print(f'{name:13s} masked {masked["ms"]:8.1f} ms '
              f'{masked["extra_mib"]:7.0f} MiB | grouped '
              f'{grouped["ms"]:8.1f} ms {grouped["extra_mib"]:7.0f} MiB | '
              f'{masked["ms"] / grouped["ms"]:5.1f}x faster', flush=True)
    return results

# (name, our backbone, MMAction2's, input [N, C, T, H, W]); ours first
MODEL_PAIRS = [
    ('SlowFast-R50 4x16', dict(type='SlowFastResNet', depth=50, alpha=8,
                               beta_inv=8, lateral_kernel=5),
     dict(type='ResNet3dSlowFast'), (1, 3, 32, 224, 224)),
    ('TimeSformer divided 8x224',
     dict(type='TimeSformerViT', attention_type='divided_space_time'),
     dict(type='TimeSformer', num_frames=8, img_size=224, patch_size=16),
     (1, 3, 8, 224, 224)),
]


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def benchmark_models(repeats: int, threads: int) -> dict:
    """Inference and training step (forward + backward) of our backbones
    and MMAction2's at batch 1, float32, interleaved in one process (the
    machine is noisy: never compare across runs); medians."""
    import torch
    from mmaction.registry import MODELS
    from mmengine.registry import init_default_scope
    import mmvid_plugin  # noqa: F401
    torch.set_num_threads(threads)
    init_default_scope('mmaction')
    results = {}
    for name, ours_cfg, theirs_cfg, shape in MODEL_PAIRS:
        torch.manual_seed(0)
        nets = {'ours': MODELS.build(ours_cfg), 'mmaction2':
                MODELS.build(theirs_cfg)}
        x = torch.randn(shape)
        times = {(who, what): [] for who in nets
                 for what in ('inference', 'train step')}

        def train_step(net):
            out = net(x)
            sum(o.sum() for o in (out if isinstance(out, tuple)
                                  else (out, ))).backward()

        for net in nets.values():  # warm-up
            net.train()
            train_step(net)
        for _ in range(repeats):
            for who, net in nets.items():
                net.eval()
                with torch.no_grad():
                    times[who, 'inference'].append(seconds(lambda: net(x)))
                net.train()
                times[who, 'train step'].append(
                    seconds(lambda: train_step(net)))
        for (who, what), values in times.items():
            results[name, who, what] = float(np.median(values))
        print(f'{name}, batch 1, {threads} threads, median of {repeats}:',
              flush=True)
        for what in ('inference', 'train step'):
            ours = results[name, 'ours', what]
            theirs = results[name, 'mmaction2', what]
            print(f'  {what:10s} ours {ours:6.2f} s | MMAction2 '
                  f'{theirs:6.2f} s | {theirs / ours:4.2f}x', flush=True)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = parser.add_subparsers(dest='what', required=True)
    flow = sub.add_parser('flow', help='optical-flow frames per second')
    flow.add_argument('--size', default='340x256')
    flow.add_argument('--frames', type=int, default=20)
    flow.add_argument('--threads', type=int, default=2)
    attention = sub.add_parser(
        'attention', help='TimeSformer restricted attention: masks vs groups')
    attention.add_argument('--frames', type=int, default=8)
    attention.add_argument('--size', type=int, default=224)
    attention.add_argument('--repeats', type=int, default=3)
    models = sub.add_parser(
        'models', help='our SlowFast / TimeSformer vs MMAction2\'s')
    models.add_argument('--repeats', type=int, default=3)
    models.add_argument('--threads', type=int, default=2)
    case = sub.add_parser('attention-case')  # one measurement, internal
    case.add_argument('relation')
    case.add_argument('way', choices=('masked', 'grouped'))
    for name in ('frames', 'size', 'repeats'):
        case.add_argument(name, type=int)
    args = parser.parse_args(argv)
    if args.what == 'flow':
        benchmark_flow(args.size, args.frames, args.threads)
    elif args.what == 'attention':
        benchmark_attention(args.frames, args.size, args.repeats)
    elif args.what == 'models':
        benchmark_models(args.repeats, args.threads)
    else:
        print(json.dumps(attention_case(args.relation, args.way, args.frames,
                                        args.size, args.repeats)))


if __name__ == '__main__':
    main()
