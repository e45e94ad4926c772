"""Benchmark results as JSON and as the markdown block of
``docs/benchmarks.md`` (between its ``models`` markers), one section per
run (options), each with its machine and command."""
import json
import os.path as osp
from typing import Dict, List

from ..utils.atomic import write_text_atomically
from .machine import machine_line

BEGIN, END = '<!-- models:begin -->', '<!-- models:end -->'


def read_runs(path: str) -> Dict[str, Dict]:
    if not osp.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def _seconds(value: float) -> str:
    return f'{value:.3f} s' if value < 10 else f'{value:.1f} s'


def counterpart_rows(results: List[Dict]) -> List[str]:
    rows = ['| model | input | GMACs | inference ours / MMAction2 | '
            'train step ours / MMAction2 | note |',
            '|---|---|---|---|---|---|']
    for r in results:
        if 'error' in r:
            rows.append(f"| {r['name']} | | | failed: "
                        f"{r['error'].splitlines()[-1]} | | |")
            continue
        ours, theirs = r['seconds']['ours'], r['seconds']['mmaction2']
        cells = [f"{_seconds(ours[s])} / {_seconds(theirs[s])} "
                 f"(**{r['ratio'][s]:.2f}x**)"
                 for s in ('inference', 'train step')]
        gmacs = r['gmacs']
        macs = f"{gmacs['ours']:g}" if gmacs['ours'] == gmacs['mmaction2'] \
            else f"{gmacs['ours']:g} / {gmacs['mmaction2']:g}"
        shape = 'x'.join(str(d) for d in r['shape'])
        rows.append(f"| {r['name']} | {shape} | {macs} | {cells[0]} | "
                    f"{cells[1]} | {r['note']} |")
    return rows


def config_rows(results: List[Dict], matmul: float) -> List[str]:
    rows = ['| config | input | params | GMACs | inference clips/s | '
            'train step | peak memory | inference GFLOP/s (of matmul) |',
            '|---|---|---|---|---|---|---|---|']
    for r in results:
        name = osp.splitext(osp.basename(r['config']))[0]
        if 'error' in r:
            rows.append(f"| {name} | failed: {r['error'].splitlines()[-1]}"
                        ' | | | | | | |')
            continue
        shape = ' + '.join('x'.join(str(d) for d in s) for s in r['input'])
        rate = r['inference_gflops']
        rows.append(
            f"| {name} | {shape} | {r['parameters'] / 1e6:.1f} M | "
            f"{r['gmacs_per_clip']:g} | {r['clips_per_s']:.2f} | "
            f"{_seconds(r['seconds']['train step'])} | "
            f"{r['peak_mib']:.0f} MiB | {rate:.1f} "
            f"({100 * rate / matmul:.0f}%) |")
    return rows


def profile_rows(results: List[Dict], matmul: float,
                 below: float = 0.75) -> List[str]:
    """Where the inference time goes for each config under ``below`` of
    the matmul rate (its top operators, share of self time)."""
    rows = []
    for r in results:
        if 'top_ops' not in r or r['inference_gflops'] >= below * matmul:
            continue
        name = osp.splitext(osp.basename(r['config']))[0]
        ops = ', '.join(f"`{op.replace('aten::', '')}` {100 * share:.0f}%"
                        for op, share in r['top_ops'])
        rows.append(f"| {name} | {100 * r['inference_gflops'] / matmul:.0f}%"
                    f' | {ops} |')
    if not rows:
        return []
    return ['', f'Under {100 * below:.0f}% of the matmul rate: the operators '
            'that take most of one profiled inference step (share of its '
            'self time).', '', '| config | of matmul | top operators |',
            '|---|---|---|'] + rows


def _matmul(machine: Dict, label: str) -> tuple:
    dtype = 'bfloat16' if 'bf16' in label else 'float32'
    return dtype, machine['matmul_gflops'][dtype]


def _heading(section: Dict, label: str) -> List[str]:
    dtype, matmul = _matmul(section['machine'], label)
    return [f"Machine: {machine_line(section['machine'])}. Command: "
            f"`{section['command']}`; medians of {section['repeats']}, "
            'interleaved, after one warm-up round. GMACs: '
            "MMEngine's `FlopAnalyzer`, a multiply-add counted once; "
            'GFLOP/s count two FLOPs per multiply-add, against the '
            f'measured {dtype} matmul rate ({matmul:g} GFLOP/s).', '']


def markdown(runs: Dict[str, Dict]) -> str:
    lines = [BEGIN, '']
    for label, run in runs.items():
        lines += [f'### {label}', '']
        pairs, configs = run.get('counterparts'), run.get('configs')
        if pairs:
            eager = ' MMAction2 runs eager, unfolded.' if (
                'torch.compile' in label or 'BN folded' in label) else ''
            lines += ['Ratio = MMAction2 time / ours (> 1: ours faster); '
                      'backbones only, random weights, the same input.'
                      + eager, ''] + _heading(pairs, label) + \
                counterpart_rows(pairs['results']) + ['']
        if configs:
            matmul = _matmul(configs['machine'], label)[1]
            lines += ['Whole recognizers on one test view of each config '
                      "(its own test pipeline); training step = forward, "
                      'backward, SGD step; peak memory = growth of the '
                      "process's resident set while stepping (GPU: "
                      'allocated).', ''] + _heading(configs, label) + \
                config_rows(configs['results'], matmul) + \
                profile_rows(configs['results'], matmul) + ['']
    return '\n'.join(lines + [END])


def merged(runs: Dict[str, Dict], label: str, run: Dict) -> Dict:
    """``runs`` with ``run``'s sections replacing those of ``label``
    (a configs-only run keeps the counterparts measured before)."""
    out = dict(runs)
    out[label] = dict(runs.get(label, {}), **run)
    return out


def write(runs: Dict[str, Dict], json_path: str, docs_path: str) -> None:
    """Both files, atomically; the docs keep everything outside the
    markers (a missing block is appended)."""
    write_text_atomically(json_path, json.dumps(runs, indent=1) + '\n')
    text = open(docs_path).read() if osp.exists(docs_path) else ''
    block = markdown(runs)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip('\n') + '\n\n## Models\n\n' + block + '\n'
    write_text_atomically(docs_path, text)
