"""How many frames train at 224 px in a memory budget, with and without
activation checkpointing (``tools/benchmark.py memory``).

Each case (scheme, frames, ``with_cp``) runs TimeSformer training steps
(batch 1, fp32, SGD with momentum) in a process of its own; the peak
resident memory of its second step, model included, is measured.
Activations grow linearly with the frames for divided attention (T x N
tokens), so a line through the measured points estimates the largest
frame count within the budget (stated beside the measured points).
"""
import json
import os
import subprocess
import sys
from typing import Dict, Sequence

import numpy as np


#: glibc serves blocks above its mmap threshold with mmap and returns them
#: on free; by default the threshold grows with every freed block (up to
#: 32 MiB), so freed activations stay resident and the peak resident set
#: depends on the order of past frees (a 32-frame run once peaked above a
#: 64-frame one). A fixed 128 KiB threshold makes the resident set follow
#: the live tensors.
EXACT_MALLOC = {'MALLOC_MMAP_THRESHOLD_': '131072'}


def _status_mib(field: str) -> float:
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


def peak_mib(scheme: str, frames: int, size: int, with_cp: bool) -> float:
    """Peak resident memory (MiB) of the second of two training steps
    (the first allocates gradients and momentum): Linux's high-water mark
    reset just before it (``/proc/self/clear_refs``), so the model, its
    gradients and optimizer state count, the set-up's transients do not."""
    import torch

    from ..models.backbones import TimeSformerViT
    from .timing import Options, Steps
    torch.manual_seed(0)
    net = TimeSformerViT(scheme, num_frames=frames, img_size=size,
                         with_cp=with_cp)
    steps = Steps(net, torch.randn(1, 3, frames, size, size), Options())
    steps.run('train step')
    with open('/proc/self/clear_refs', 'w') as f:
        f.write('5')  # VmHWM := VmRSS
    steps.run('train step')
    return _status_mib('VmHWM')


def frames_within(scheme: str, budget_gib: float, with_cp: bool,
                  frames: Sequence[int], size: int = 224) -> Dict:
    """Measured peaks at ``frames``, the fitted line and the largest frame
    count it puts within ``budget_gib``."""
    peaks = {}
    for t in frames:
        out = subprocess.run(
            [sys.executable, '-m', 'mmvid_plugin.benchmark.memory', scheme,
             str(t), str(size), str(int(with_cp))],
            check=True, capture_output=True, text=True,
            env=dict(os.environ, **EXACT_MALLOC)).stdout
        peaks[t] = json.loads(out.splitlines()[-1])
        print(f'{scheme} {t} x {size}, with_cp={with_cp}: '
              f'{peaks[t]:.0f} MiB', flush=True)
    slope, intercept = np.polyfit(list(peaks), list(peaks.values()), 1)
    largest = int((budget_gib * 1024 - intercept) // slope)
    return dict(peak_mib=peaks, mib_per_frame=float(slope),
                fixed_mib=float(intercept), largest_frames=largest)


if __name__ == '__main__':  # one case: SCHEME FRAMES SIZE WITH_CP
    scheme, frames, size, with_cp = sys.argv[1:]
    print(json.dumps(peak_mib(scheme, int(frames), int(size),
                              bool(int(with_cp)))))
