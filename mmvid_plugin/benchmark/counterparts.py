"""Our backbones beside MMAction2's counterparts on the identical input.

Ours come from the backbone of one of our configs, MMAction2's from the
backbone of one of the configs its wheel ships (``mmaction/.mim/configs``),
with ``pretrained`` cleared (nothing is downloaded; weights are random).
Where MMAction2's net differs from the paper's, our config is the one that
reproduces MMAction2's architecture (the ``*_mmaction2-converted_*``
configs), so both do the same FLOPs.
"""
import dataclasses
import os.path as osp
from dataclasses import dataclass
from typing import Dict, Tuple

from torch import nn

from .timing import Options, Steps, interleaved_medians, operator_shares


@dataclass(frozen=True)
class Counterpart:
    name: str
    ours: str  # our config (repo-relative)
    theirs: str  # MMAction2's config, relative to its .mim/configs
    shape: Tuple[int, ...]  # one clip [C, T, H, W] or [C, H, W]
    note: str = ''


_TSF = 'recognition/timesformer/timesformer_{}_8xb8-8x32x1-15e_' \
    'kinetics400-rgb.py'
_OURS_TSF = 'configs/timesformer/timesformer_{}_kinetics400-rgb.py'

COUNTERPARTS = (
    Counterpart('TSN-R50 (one segment)', 'configs/tsn_r50.py',
                '_base_/models/tsn_r50.py', (3, 224, 224),
                'the same code: our TSN uses MMAction2\'s ResNet'),
    Counterpart('I3D-R50', 'configs/nonlocal/i3d_r50_mmaction2-converted_'
                '32x2x10_kinetics400-rgb.py', '_base_/models/i3d_r50.py',
                (3, 32, 224, 224)),
    Counterpart('SlowFast-R50 4x16', 'configs/slowfast/slowfast_r50_'
                'mmaction2-converted_32x2x10_kinetics400-rgb.py',
                '_base_/models/slowfast_r50.py', (3, 32, 224, 224)),
    Counterpart('R(2+1)D-34', 'configs/r2plus1d/r2plus1d_r34_mmaction2-'
                'converted_8x8x10_kinetics400-rgb.py',
                '_base_/models/r2plus1d_r34.py', (3, 8, 112, 112),
                'MMAction2\'s pool1 (not the paper\'s net): equal FLOPs'),
    Counterpart('C3D', 'configs/c3d/c3d_scratch_1xb30-16x1x1-sports1m-'
                'rgb.py', '_base_/models/c3d_sports1m_pretrained.py',
                (3, 16, 112, 112),
                'ours pools pool5 in Caffe\'s ceil mode (the release)'),
    Counterpart('TimeSformer divided 8x224',
                _OURS_TSF.format('divided_scratch_8xb1-8x32x1-15e'),
                _TSF.format('divST'), (3, 8, 224, 224)),
    Counterpart('TimeSformer joint 8x224',
                _OURS_TSF.format('joint_scratch_8xb1-8x32x1-15e'),
                _TSF.format('jointST'), (3, 8, 224, 224)),
    Counterpart('TimeSformer space-only 8x224',
                _OURS_TSF.format('space_scratch_8xb1-8x32x1-15e'),
                _TSF.format('spaceOnly'), (3, 8, 224, 224)),
)


def _cleared(backbone: dict) -> dict:
    """``backbone`` without pretrained weights, with plain BN for SyncBN
    (one process)."""
    out = dict(backbone)
    if 'pretrained' in out:
        out['pretrained'] = None
    for key, value in out.items():
        if isinstance(value, dict):
            out[key] = _cleared(value)
    norm = out.get('norm_cfg')
    if isinstance(norm, dict) and norm.get('type') == 'SyncBN':
        out['norm_cfg'] = dict(norm, type='BN3d')
    return out


def mmaction2_config(relative: str) -> str:
    import mmaction
    return osp.join(osp.dirname(mmaction.__file__), '.mim', 'configs',
                    relative)


def build_pair(pair: Counterpart) -> Dict[str, nn.Module]:
    """``{'ours': ..., 'mmaction2': ...}`` backbones of ``pair``."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    from mmaction.registry import MODELS

    from ..weights.converting import repo_path
    init_default_scope('mmaction')
    ours = Config.fromfile(repo_path(pair.ours)).model.backbone
    theirs = Config.fromfile(mmaction2_config(pair.theirs)).model.backbone
    return {'ours': MODELS.build(_cleared(ours.to_dict())),
            'mmaction2': MODELS.build(_cleared(theirs.to_dict()))}


def compare(pair: Counterpart, options: Options, repeats: int) -> Dict:
    """Medians (s) of both nets, interleaved, and the ratios
    MMAction2 time / ours (> 1: ours is faster)."""
    import torch
    torch.manual_seed(0)
    nets = build_pair(pair)
    x = torch.randn(1, *pair.shape)
    gmacs = {who: gmacs_of(net, x) for who, net in nets.items()}
    steps = {who: Steps(net, x, options if who == 'ours' else
                        theirs_options(options))
             for who, net in nets.items()}
    medians = interleaved_medians(steps, repeats)
    ratios = {step: medians['mmaction2'][step] / medians['ours'][step]
              for step in medians['ours']}
    return dict(name=pair.name, shape=list(pair.shape), note=pair.note,
                gmacs=gmacs, seconds=medians, ratio=ratios)


def theirs_options(options: Options) -> Options:
    """MMAction2's side runs eager and unfolded: the targets compare our
    ``torch.compile`` / folded inference with what MMAction2 runs."""
    return dataclasses.replace(options, compile=False, fold_bn=False)


def gmacs_of(net: nn.Module, x) -> float:
    """Multiply-adds (G) of one forward, counted in training mode
    (``nn.MultiheadAttention``'s eval fast path hides its matmuls from
    the analyzer)."""
    from ..zoo.measure import module_flops
    was_training = net.training
    net.train()  # (MMAction2's ResNet.train returns None)
    measured = module_flops(net, (x, ))
    net.train(was_training)
    return round(measured['gflops'], 3)


def profile(pair: Counterpart, options: Options, step: str,
            rows: int = 12) -> Dict[str, str]:
    """``{who: table}``: the operators that take the time of one ``step``
    of each net (self time, after a warm-up step)."""
    import torch
    from torch.profiler import ProfilerActivity
    torch.manual_seed(0)
    x = torch.randn(1, *pair.shape)
    tables = {}
    for who, net in build_pair(pair).items():
        steps = Steps(net, x, options)
        steps.run(step)  # warm-up
        activities = [ProfilerActivity.CPU]
        if options.device.startswith('cuda'):
            activities.append(ProfilerActivity.CUDA)
        with torch.profiler.profile(activities=activities) as prof:
            steps.run(step)
        key = 'self_cuda_time_total' if options.device.startswith('cuda') \
            else 'self_cpu_time_total'
        averages = prof.key_averages()
        tables[who] = averages.table(sort_by=key, row_limit=rows) + \
            f'\nconvolution kernels: {100 * conv_share(averages, key):.0f}%' \
            ' of the self time'
    return tables


def conv_share(averages, key: str = 'self_cpu_time_total') -> float:
    """The share of self time in convolution kernels (forward and
    backward): what ``torch.compile`` leaves to ATen, as it fuses only the
    rest (batch norm, activations, additions)."""
    return sum(share for name, share in operator_shares(averages, key)
               if 'conv' in name)


def compare_named(name: str, options: Options, repeats: int) -> Dict:
    """:func:`compare` of the counterpart called ``name``."""
    names = [p.name for p in COUNTERPARTS]
    if name not in names:
        raise ValueError(f'unknown counterpart {name!r}; expected one of '
                         f'{names}')
    return compare(COUNTERPARTS[names.index(name)], options, repeats)


if __name__ == '__main__':
    from .isolated import main
    main(compare_named)
