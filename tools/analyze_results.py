"""Summarise a ``tools/test.py --dump`` file and draw the run's figures.

    python tools/analyze_results.py WORK_DIR DUMP.pkl [--classes a b ...]

Writes ``confusion_matrix.png`` and ``training_curves.png`` into WORK_DIR and
prints top-1, top-5 and mean class accuracy.
"""
import argparse

from mmvid_plugin.apis import analyze_run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('work_dir', help='work dir of the training run')
    parser.add_argument('dump', help='pickle written by tools/test.py --dump')
    parser.add_argument('--classes', nargs='+', help='class names in order')
    args = parser.parse_args(argv)
    summary = analyze_run(args.work_dir, args.dump, args.classes)
    for key, value in summary.items():
        print(f'{key}: {value:.4f}' if isinstance(value, float) else
              f'{key}: {value}')


if __name__ == '__main__':
    main()
