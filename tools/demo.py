"""The README's first command: train and test TSN-R50 on MotionDigits.

Materialises the embedded dataset, runs ``tools/train.py`` and
``tools/test.py`` exactly as a user would, then prints top-1, mean class
accuracy and where the logs, checkpoints and figures are.
"""
import argparse
import glob
import os.path as osp
import subprocess
import sys
import time

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))

from mmvid_plugin.datasets import (CLASSES, ORDER_FREE_CEILING,
                                   SINGLE_FRAME_CEILING, ensure_motion_digits)


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--config', default='configs/tsn_r50.py')
    parser.add_argument('--work-dir', default='work_dirs/demo_tsn_r50')
    parser.add_argument('--data-root', default='data/motion_digits')
    args = parser.parse_args(argv)
    start = time.time()
    work_dir = osp.join(ROOT, args.work_dir)

    ensure_motion_digits(osp.join(ROOT, args.data_root))
    run('tools/train.py', args.config, '--work-dir', work_dir)
    checkpoint = best_checkpoint(work_dir)
    dump = osp.join(work_dir, 'test_predictions.pkl')
    run('tools/test.py', args.config, checkpoint, '--work-dir', work_dir,
        '--dump', dump)

    from mmvid_plugin.apis import analyze_run
    summary = analyze_run(work_dir, dump, list(CLASSES), chance=1 / len(CLASSES))
    print('\n== MotionDigits test split ==')
    print(f"top-1:               {summary['top1']:.1%}")
    print(f"mean class accuracy: {summary['mean_class_accuracy']:.1%}")
    print(f'chance {1 / len(CLASSES):.0%}; without motion at most '
          f'{SINGLE_FRAME_CEILING:.0%} (one frame) / '
          f'{ORDER_FREE_CEILING:.0%} (order-free)')
    print(f'logs:        {work_dir}/<timestamp>/')
    print(f'checkpoints: {work_dir}/ (best: {osp.basename(checkpoint)})')
    print(f"plots:       {summary.get('training_curves_png')}")
    print(f"             {summary['confusion_matrix_png']}")
    print(f'predictions: {dump}')
    print(f'total time:  {time.time() - start:.0f} s')


if __name__ == '__main__':
    main()
