"""Does a trained recognizer use the order of frames? Classifies every clip
of a loader as it is and reversed in time, and prints (and optionally
saves as JSON) top-1, the share of predictions the reversal changes and,
on MotionDigits, top-1 of the reversed clips against their time-reversed
twins and the twins' share of the errors.

    python tools/check_frame_order.py CONFIG CHECKPOINT [--loader test] \
        [--out report.json]

An order-free model: changed_by_reversal 0, errors all twins (MotionDigits).
"""
import argparse
import json

import mmvid_plugin  # noqa: F401  (compat fixes + registration)
from mmengine.config import DictAction

from mmvid_plugin.apis import load_trained
from mmvid_plugin.datasets.motion_digits import TIME_REVERSED_TWIN  # noqa
from mmvid_plugin.evaluation import (frame_order_report,
                                     predict_both_ways)
from mmvid_plugin.utils.atomic import atomic_open

TWINS = {'MotionDigitsDataset': TIME_REVERSED_TWIN}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--loader', default='test',
                        choices=['train', 'val', 'test'])
    parser.add_argument('--out', help='write the report here (.json)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg, model, dataloader = load_trained(args.config, args.checkpoint,
                                          args.loader, args.cfg_options)
    twin = TWINS.get(cfg[f'{args.loader}_dataloader'].dataset.type)
    report = frame_order_report(*predict_both_ways(model, dataloader), twin)
    for key, value in report.items():
        print(f'{key:22s} {value:.4f}')
    if args.out:
        with atomic_open(args.out) as f:
            json.dump(report, f, indent=2)
    return report


if __name__ == '__main__':
    main()
