"""One config's recognizer on one test view: speed, memory, size, FLOPs.

The input is what the config's own test pipeline makes of synthetic media
(:mod:`..zoo.view_input`), so every model runs at its paper input (or
MotionDigits'). Each config runs in a process of its own
(:func:`.isolated.run_isolated`), so that its peak memory is its own.
"""
import resource
from typing import Dict, List

import torch

from .timing import Options, Steps, interleaved_medians, operator_shares

#: Every backbone family at its paper input, then one MotionDigits config
#: of each family.
DEFAULT_CONFIGS = [
    'configs/deepvideo/deepvideo_slow-fusion_scratch_1xb32-10x1x1-'
    'sports1m-rgb.py',
    'configs/two_stream/twostream_cnnm2048_scratch_1xb256-10x1x1-ucf101-'
    'split1-flow.py',
    'configs/beyond_short_snippets/snippets_lstm_cnnm2048_imagenet-'
    'pretrained_1xb8-30x5x1-ucf101-split1-rgb.py',
    'configs/conv_fusion/convfusion_conv3d-relu5-pool3d-keep-temporal_'
    'vgg16_two-stream-pretrained_1xb96-5xr5to15x1-ucf101-split1-rgbflow.py',
    'configs/tsn/tsn_bninception_imagenet-pretrained_4xb32-1x1x3-3500it_'
    'ucf101-split1-rgb.py',
    'configs/c3d/c3d_scratch_1xb30-16x1x1-sports1m-rgb.py',
    'configs/i3d/i3d_inception-v1_scratch_64xb6-64x1x1-kinetics400-rgb.py',
    'configs/nonlocal/i3d-nl5_r50_scratch_8xb8-32x2x1-100e_kinetics400-'
    'rgb.py',
    'configs/r2plus1d/r2plus1d_r34_scratch_8xb32-8x1x1-100e_kinetics400-'
    'rgb.py',
    'configs/slowfast/slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-'
    'rgb.py',
] + [
    f'configs/timesformer/timesformer_{scheme}_scratch_8xb1-8x32x1-15e_'
    'kinetics400-rgb.py'
    for scheme in ('space', 'joint', 'divided', 'sparse-local-global',
                   'axial')
] + [
    'configs/tsn_r50.py',
    'configs/motion_digits/tinyconv3d_scratch_1xb8-16x1x1-6e_motion-'
    'digits-rgb.py',
    'configs/r2plus1d/r2plus1d_r18-w16_scratch_1xb8-16x1x1-6e_motion-'
    'digits-rgb.py',
    'configs/slowfast/slowfast_r50-w16_scratch_1xb8-4x4x1-6e_motion-'
    'digits-rgb.py',
    'configs/timesformer/timesformer_divided_vit-d96l4_scratch_1xb8-8x2x1-'
    '6e_motion-digits-rgb.py',
]


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def top_operators(steps: Steps, count: int = 4) -> List[List]:
    """``[[operator, share of self time], ...]``: the ``count`` operators
    that take most of one profiled inference step (after a warm-up)."""
    steps.run('inference')
    with torch.profiler.profile() as prof:
        steps.run('inference')
    return [[name, round(share, 3)] for name, share
            in operator_shares(prof.key_averages())[:count]]


def benchmark_config(config: str, options: Options, repeats: int) -> Dict:
    """Parameters, GMACs and the medians of both steps of one config's
    recognizer (scores of one test view, batch ``options.batch``), peak
    memory, achieved GFLOP/s (2 FLOPs per multiply-add)."""
    from ..zoo.measure import (build, build_preprocessor, flops,
                               load_config, tensor_forward)
    from ..zoo.view_input import (SyntheticMedia, first_sample,
                                  preprocessed_inputs)
    torch.manual_seed(0)
    cfg = load_config(config)
    model = build(cfg)
    with SyntheticMedia() as media:
        sample = first_sample(cfg, media)
    inputs = preprocessed_inputs(build_preprocessor(cfg), sample)
    gmacs = flops(model, inputs)['gflops']
    net, tensors = tensor_forward(model, inputs)
    baseline = _peak_rss_mib()
    if options.device.startswith('cuda'):
        torch.cuda.reset_peak_memory_stats()
    medians = interleaved_medians({'net': Steps(net, tensors, options)},
                                  repeats)['net']
    out = dict(config=config, options=options.label(),
               parameters=sum(p.numel() for p in model.parameters()),
               input=[list(t.shape[1:]) for t in tensors],
               gmacs_per_clip=round(gmacs, 3), seconds=medians)
    out['top_ops'] = top_operators(Steps(net, tensors, options))
    out['clips_per_s'] = options.batch / medians['inference']
    out['inference_gflops'] = 2 * gmacs * out['clips_per_s']
    if options.device.startswith('cuda'):
        out['peak_mib'] = torch.cuda.max_memory_allocated() / 2**20
    else:  # the process's growth while it ran the steps
        out['peak_mib'] = _peak_rss_mib() - baseline
    return out


if __name__ == '__main__':
    from .isolated import main
    main(benchmark_config)
