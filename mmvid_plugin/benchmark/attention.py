"""TimeSformer's restricted attention: gathered groups vs a boolean mask
(``tools/benchmark.py attention``); each case in a process of its own so
that its peak memory is its own."""
import json
import resource
import subprocess
import sys
import time


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
                [sys.executable, '-m', 'mmvid_plugin.benchmark.attention',
                 relation, way, str(frames), str(size), str(repeats)],
                check=True, capture_output=True, text=True).stdout
            results[name, way] = json.loads(out.splitlines()[-1])
        masked, grouped = results[name, 'masked'], results[name, 'grouped']
        print(f'{name:13s} masked {masked["ms"]:8.1f} ms '
              f'{masked["extra_mib"]:7.0f} MiB | grouped '
              f'{grouped["ms"]:8.1f} ms {grouped["extra_mib"]:7.0f} MiB | '
              f'{masked["ms"] / grouped["ms"]:5.1f}x faster', flush=True)
    return results


if __name__ == '__main__':  # one case: RELATION WAY FRAMES SIZE REPEATS
    relation, way, *numbers = sys.argv[1:]
    print(json.dumps(attention_case(relation, way,
                                    *(int(n) for n in numbers))))
