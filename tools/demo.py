"""The README's first command: the survey's lesson on MotionDigits in a few
minutes. An order-free model (TSN-R50, the flagship config) and a model
that sees time (I3D-R50 at width 16) are trained and tested side by side.

Materialises the embedded dataset, runs ``tools/train.py`` and
``tools/test.py`` exactly as a user would (on short schedules of the two
configs, written next to the runs; ``--full`` keeps the configs' own
6-epoch schedules), then prints both results beside the single-frame and
order-free ceilings and writes one figure with both runs' curves and
confusion matrices.
"""
import argparse
import dataclasses
import glob
import math
import os
import os.path as osp
import subprocess
import sys
import time

from mmvid_plugin.datasets import (CLASSES, ORDER_FREE_CEILING,
                                   SINGLE_FRAME_CEILING, MotionDigitsSpec,
                                   ensure_motion_digits)

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


@dataclasses.dataclass
class DemoRun:
    """One model of the demo: its name, config and demo schedule."""
    name: str
    config: str
    epochs: int


RUNS = (
    DemoRun('TSN-R50 (order-free)', 'configs/tsn_r50.py', 1),
    DemoRun('I3D-R50, width 16 (sees time)', 'configs/nonlocal/'
            'i3d_r50-w16_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py', 3),
)


def run(*args):
    command = [sys.executable, *args]
    print('$', ' '.join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def best_checkpoint(work_dir: str) -> str:
    found = sorted(glob.glob(osp.join(work_dir, 'best_*.pth')),
                   key=osp.getmtime)
    if not found:
        raise FileNotFoundError(f'no best_*.pth in {work_dir}: did the '
                                'training run validate?')
    return found[-1]


def iterations_per_epoch(config: str) -> int:
    """Training iterations per epoch of a MotionDigits config."""
    from mmengine.config import Config
    loader = Config.fromfile(config).train_dataloader
    spec = MotionDigitsSpec(**loader.dataset.get('spec', {}))
    return math.ceil(spec.num_train / loader.batch_size)


def write_schedule(config: str, epochs: int, out_file: str) -> str:
    """A config of ``config`` trained for ``epochs``: AdamW as before, the
    learning rate warmed up over the first sixth of the iterations, then
    cosine decay to 0 (the shape of the 6-epoch MotionDigits schedule)."""
    total = epochs * iterations_per_epoch(config)
    warmup = max(total // 6, 1)
    text = f"""# {osp.basename(config)} on a {epochs}-epoch schedule
# (tools/demo.py): warm-up over {warmup} iterations, cosine to 0 at {total}.
_base_ = [{osp.abspath(config)!r}]
train_cfg = dict(max_epochs={epochs})
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0,
         end={warmup}),
    dict(type='CosineAnnealingLR', T_max={total - warmup}, eta_min=0,
         by_epoch=False, begin={warmup}, end={total})
]
"""
    os.makedirs(osp.dirname(out_file), exist_ok=True)
    with open(out_file, 'w') as f:
        f.write(text)
    return out_file


def train_and_test(demo: DemoRun, work_root: str, full: bool, step: str):
    """Train, test and summarise one run; returns its summary."""
    from mmvid_plugin.apis import analyze_run
    stem = osp.splitext(osp.basename(demo.config))[0]
    work_dir = osp.join(work_root, stem)
    config = demo.config if full else write_schedule(
        osp.join(ROOT, demo.config), demo.epochs,
        osp.join(work_dir, f'{stem}_demo-{demo.epochs}e.py'))
    print(f'\n== {step} {demo.name}: train ==', flush=True)
    run('tools/train.py', config, '--work-dir', work_dir)
    checkpoint = best_checkpoint(work_dir)
    dump = osp.join(work_dir, 'test_predictions.pkl')
    print(f'\n== {step} {demo.name}: test ==', flush=True)
    run('tools/test.py', config, checkpoint, '--work-dir', work_dir,
        '--dump', dump)
    summary = analyze_run(work_dir, dump, list(CLASSES),
                          chance=1 / len(CLASSES))
    return dict(summary, name=demo.name, work_dir=work_dir,
                checkpoint=checkpoint, dump=dump)


def comparison_figure(results, out_file: str) -> str:
    from mmvid_plugin.apis import latest_scalars
    from mmvid_plugin.evaluation import (confusion_matrix,
                                         load_dumped_predictions)
    from mmvid_plugin.visualization import plot_run_comparison
    runs = []
    for result in results:
        scores, labels = load_dumped_predictions(result['dump'])
        runs.append(dict(
            name=result['name'],
            scalars_json=latest_scalars(result['work_dir']),
            matrix=confusion_matrix(labels, scores.argmax(1), len(CLASSES))))
    levels = {'chance': 1 / len(CLASSES),
              'one-frame ceiling': SINGLE_FRAME_CEILING,
              'order-free ceiling': ORDER_FREE_CEILING}
    return plot_run_comparison(runs, list(CLASSES), out_file, levels)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--work-dir', default='work_dirs/demo')
    parser.add_argument('--data-root', default='data/motion_digits')
    parser.add_argument('--full', action='store_true',
                        help="the configs' own 6-epoch schedules")
    args = parser.parse_args(argv)
    start = time.time()
    work_root = osp.join(ROOT, args.work_dir)

    ensure_motion_digits(osp.join(ROOT, args.data_root))
    results = [train_and_test(demo, work_root, args.full,
                              f'[{index}/{len(RUNS)}]')
               for index, demo in enumerate(RUNS, 1)]
    figure = comparison_figure(results,
                               osp.join(work_root, 'comparison.png'))

    print('\n== MotionDigits test split ==')
    width = max(len(r['name']) for r in results)
    print(f"{'model':<{width}}  top-1   mean class accuracy")
    for result in results:
        print(f"{result['name']:<{width}}  {result['top1']:5.1%}   "
              f"{result['mean_class_accuracy']:.1%}")
    print(f'chance {1 / len(CLASSES):.0%}; without motion at most '
          f'{SINGLE_FRAME_CEILING:.0%} (one frame) / '
          f'{ORDER_FREE_CEILING:.0%} (order-free: frames averaged in any '
          'order)')
    print(f'figure:      {figure} (curves, confusion matrices)')
    for result in results:
        print(f"{result['name']}: {result['work_dir']}/ (logs, "
              f"checkpoints, best {osp.basename(result['checkpoint'])}, "
              'confusion_matrix.png, training_curves.png)')
    print(f'total time:  {time.time() - start:.0f} s')


if __name__ == '__main__':
    main()
