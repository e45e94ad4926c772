"""Save the activations of one layer for every video of a config's loader.

    python tools/extract_features.py CONFIG CHECKPOINT --layer backbone.fc6 \
        --out feats.npz [--loader test] [--l2-normalize] [--per-clip]

C3D's fc6 (`backbone.fc6`), averaged over the test clips and L2-normalised,
is the C3D paper's video descriptor (as recalled, not checked against
its text). The .npz holds `features` and `labels`.
"""
import argparse

import mmvid_plugin  # noqa: F401  (compat fixes + registration)
from mmengine.config import DictAction

from mmvid_plugin.apis import (extract_features, load_trained,
                               save_features_atomically)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--layer', required=True,
                        help='module name, e.g. backbone.fc6')
    parser.add_argument('--out', required=True, help='output .npz file')
    parser.add_argument('--loader', default='test',
                        choices=['train', 'val', 'test'],
                        help="which of the config's dataloaders (its test"
                        ' pipeline for train too)')
    parser.add_argument('--l2-normalize', action='store_true')
    parser.add_argument('--per-clip', action='store_true',
                        help='keep every clip instead of the video mean')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if not args.out.endswith('.npz'):
        raise ValueError(f'--out {args.out}: expected a .npz file name')
    _, model, dataloader = load_trained(args.config, args.checkpoint,
                                        args.loader, args.cfg_options)
    features, labels = extract_features(
        model, dataloader, args.layer, average_clips=not args.per_clip,
        l2_normalize=args.l2_normalize)
    save_features_atomically(args.out, dict(features=features, labels=labels))
    print(f'{args.out}: features {features.shape}, labels {labels.shape}')


if __name__ == '__main__':
    main()
