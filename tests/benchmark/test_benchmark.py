"""The benchmark's mechanics (never its timings): counterparts really are
the same size, steps train, rounds interleave, docs keep their text."""
import json

import pytest
import torch
from torch import nn

from mmvid_plugin.benchmark import Options, Steps, interleaved_medians
from mmvid_plugin.benchmark.counterparts import (COUNTERPARTS, build_pair,
                                                 gmacs_of)
from mmvid_plugin.benchmark.report import BEGIN, END, markdown, write


def count(net):
    return sum(p.numel() for p in net.parameters())


@pytest.mark.parametrize('pair', COUNTERPARTS, ids=lambda p: p.name)
def test_counterparts_have_equal_parameters(pair):
    with torch.device('meta'):
        nets = build_pair(pair)
    assert count(nets['ours']) == count(nets['mmaction2']) > 0


@pytest.mark.parametrize('name', ['I3D-R50', 'R(2+1)D-34'])
def test_counterparts_do_equal_work(name):
    """(MMAction2's pool1 in our config; a small clip keeps it cheap.)"""
    pair = next(p for p in COUNTERPARTS if p.name == name)
    nets = build_pair(pair)
    x = torch.randn(1, 3, 8, 56, 56)
    assert gmacs_of(nets['ours'], x) == gmacs_of(nets['mmaction2'], x) > 0


def test_a_train_step_moves_the_weights_and_inference_does_not():
    net = nn.Sequential(nn.Conv3d(3, 4, 3), nn.AdaptiveAvgPool3d(1))
    steps = Steps(net, torch.randn(1, 3, 4, 8, 8), Options(batch=2))
    assert steps.inputs[0].shape[0] == 2
    before = net[0].weight.detach().clone()
    steps.run('inference')
    assert torch.equal(before, net[0].weight)
    steps.run('train step')
    assert not torch.equal(before, net[0].weight)


def test_channels_last_3d_reaches_net_and_input():
    net = nn.Conv3d(3, 4, 3)
    steps = Steps(net, torch.randn(1, 3, 4, 8, 8),
                  Options(channels_last=True))
    fmt = torch.channels_last_3d
    assert steps.inputs[0].is_contiguous(memory_format=fmt)
    assert net.weight.is_contiguous(memory_format=fmt)


class Recorder:
    def __init__(self, name, log):
        self.name, self.log = name, log

    def run(self, step):
        self.log.append((self.name, step))
        return len(self.log)


def test_networks_take_turns_and_warm_up_is_not_timed():
    log = []
    medians = interleaved_medians(
        {'a': Recorder('a', log), 'b': Recorder('b', log)}, repeats=2)
    assert log[:8] == [('a', 'inference'), ('b', 'inference'),
                       ('a', 'train step'), ('b', 'train step'),
                       ('b', 'inference'), ('a', 'inference'),  # mirrored
                       ('b', 'train step'), ('a', 'train step')]
    assert len(log) == 12  # 1 warm-up + 2 timed rounds
    assert medians['a']['inference'] == (6 + 9) / 2  # rounds 2 and 3


def run_record():
    machine = dict(cpu=dict(model='cpu', cores=2, vector_flags=['avx2']),
                   torch='2', threads=2, cpu_capability='AVX2',
                   matmul_gflops=dict(float32=100.0, bfloat16=10.0))
    seconds = dict(inference=1.0, **{'train step': 3.0})

    def section(results):
        return dict(machine=machine, repeats=5, results=results,
                    command='python tools/benchmark.py models')

    pairs = [dict(name='X', shape=[3, 8, 112, 112], note='',
                  gmacs=dict(ours=10.0, mmaction2=10.0),
                  seconds=dict(ours=seconds, mmaction2=dict(
                      inference=1.5, **{'train step': 3.0})),
                  ratio={'inference': 1.5, 'train step': 1.0})]
    configs = [dict(config='configs/a.py', parameters=2e6,
                    input=[[1, 3, 8, 64, 64]], gmacs_per_clip=5.0,
                    seconds=seconds, clips_per_s=1.0, inference_gflops=10.0,
                    peak_mib=50.0)]
    return dict(counterparts=section(pairs), configs=section(configs))


def test_the_table_states_ratios_and_the_matmul_fraction():
    text = markdown({'fp32, batch 1, cpu, 2 threads': run_record()})
    assert '(**1.50x**)' in text and '(**1.00x**)' in text
    assert '| 10.0 (10%) |' in text  # 10 GFLOP/s of 100 measured
    assert 'float32 matmul 100 GFLOP/s' in text


def test_writing_keeps_the_hand_written_text(tmp_path):
    docs = tmp_path / ('results' + '.md')  # (not a cited file)
    docs.write_text(f'# Benchmarks\n\nbefore\n\n{BEGIN}\nold\n{END}\n\n'
                    'after\n')
    runs = {'fp32': run_record()}
    write(runs, str(tmp_path / 'b.json'), str(docs))
    text = docs.read_text()
    assert text.startswith('# Benchmarks\n\nbefore\n\n')
    assert text.endswith('\n\nafter\n') and 'old' not in text
    assert json.loads((tmp_path / 'b.json').read_text()) == runs


def test_a_config_is_measured_on_its_own_test_view():
    from mmvid_plugin.benchmark.configs import benchmark_config
    from mmvid_plugin.zoo.measure import build, load_config
    config = 'configs/motion_digits/tinyconv3d_scratch_1xb8-16x1x1-6e_' \
        'motion-digits-rgb.py'
    result = benchmark_config(config, Options(batch=2), repeats=1)
    assert result['parameters'] == count(build(load_config(config)))
    assert result['input'] == [[1, 3, 16, 64, 64]]  # one view
    assert result['clips_per_s'] == 2 / result['seconds']['inference']
    assert result['inference_gflops'] == pytest.approx(
        2 * result['gmacs_per_clip'] * result['clips_per_s'], rel=1e-3)


def test_subnormals_are_flushed_unless_kept():
    torch.set_flush_denormal(False)  # (other tests' Steps flush)
    tiny = torch.tensor([1e-39])  # subnormal in float32
    try:
        Steps(nn.Identity(), tiny, Options())
        assert (tiny * 1.0).item() == 0.0
        Steps(nn.Identity(), tiny, Options(flush_denormal=False))
        assert (tiny * 1.0).item() > 0.0
    finally:
        torch.set_flush_denormal(False)


def test_a_configs_only_run_keeps_the_counterparts():
    from mmvid_plugin.benchmark.report import merged
    first = run_record()
    later = dict(configs=dict(first['configs'], repeats=3))
    runs = merged({'fp32': first}, 'fp32', later)
    assert runs['fp32']['counterparts'] == first['counterparts']
    assert runs['fp32']['configs']['repeats'] == 3


def test_decoding_reads_the_clip_it_wrote(tmp_path):
    import decord

    from mmvid_plugin.benchmark.decoding import (_Clips, clips_per_second,
                                                 texture_video)
    path = texture_video(str(tmp_path / 'clip.mp4'), 48, 64, frames=12)
    assert len(decord.VideoReader(path)) == 12
    assert _Clips(path, 'pyav', 'uniform', 1)[0] == (8, 48, 64, 3)
    assert clips_per_second(path, 'decord', 'random', 0, count=2) > 0
