"""Save the activations of one layer for every video: of a config's loader
(one .npz), or of a folder / annotation list (one .npy per video).

    python tools/extract_features.py CONFIG CHECKPOINT --layer backbone.fc6 \
        --out feats.npz [--loader test] [--l2-normalize] [--per-clip]
    python tools/extract_features.py CONFIG CHECKPOINT --layer backbone.fc6 \
        --videos DIR | --ann-file LIST [--data-prefix DIR] --out-dir OUT

C3D's fc6 (`backbone.fc6`), averaged over the test clips and L2-normalised,
is the C3D paper's video descriptor (as recalled, not checked against
its text). The .npz holds `features` and `labels`. With --out-dir, each
video goes through the config's test pipeline (every clip and crop),
OUT/<video path>.npy holds its features ([D], or [views, D] with
--per-clip), OUT/manifest.jsonl records every file written (video, shape,
layer, config, checkpoint sha256), and a rerun skips what the manifest
records: a killed run resumes. Videos that fail to decode are reported,
listed in OUT/failed.jsonl and skipped.
"""
import argparse
import os.path as osp
import sys

import mmvid_plugin  # noqa: F401  (compat fixes + registration)
from mmengine.config import DictAction

from mmvid_plugin.resources import find_config
from mmvid_plugin.apis import (extract_features, extract_video_features,
                               load_trained, save_features_atomically,
                               videos_in_folder, videos_in_list)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--layer', required=True,
                        help='module name, e.g. backbone.fc6')
    parser.add_argument('--out', help="output .npz file (the config's "
                        'loader)')
    parser.add_argument('--loader', default='test',
                        choices=['train', 'val', 'test'],
                        help="which of the config's dataloaders (its test"
                        ' pipeline for train too)')
    source = parser.add_mutually_exclusive_group()
    source.add_argument('--videos', help='a folder of videos (recursive)')
    source.add_argument('--ann-file', help="an annotation list, lines "
                        "'path [label]'")
    parser.add_argument('--data-prefix', help='folder the --ann-file paths '
                        'are relative to (default: the list\'s folder)')
    parser.add_argument('--out-dir', help='one .npy per video and a '
                        'manifest (with --videos / --ann-file)')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--l2-normalize', action='store_true')
    parser.add_argument('--per-clip', action='store_true',
                        help='keep every clip (view) instead of the mean')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args(argv)
    per_video = args.videos or args.ann_file
    if per_video and not args.out_dir:
        parser.error('--videos / --ann-file write one file per video: '
                     'give --out-dir')
    if not per_video and (args.out_dir or not args.out):
        parser.error('give --out FILE.npz (the config\'s loader), or '
                     '--videos / --ann-file with --out-dir')
    return args


def extract_per_video(args) -> int:
    from mmvid_plugin.apis import VideoPredictor
    from mmvid_plugin.weights.release import file_sha256
    if args.videos:
        root, videos = args.videos, videos_in_folder(args.videos)
    else:
        root = args.data_prefix or osp.dirname(osp.abspath(args.ann_file))
        videos = videos_in_list(args.ann_file)
    predictor = VideoPredictor(args.config, args.checkpoint, args.device,
                               cfg_options=args.cfg_options)
    report = extract_video_features(
        predictor, videos, root, args.out_dir, args.layer, args.config,
        file_sha256(args.checkpoint), per_clip=args.per_clip,
        l2_normalize=args.l2_normalize)
    print(f'{args.out_dir}: {len(report.written)} written, '
          f'{len(report.skipped)} already there, {len(report.failed)} '
          'failed' + (' (failed.jsonl)' if report.failed else ''))
    return 1 if report.failed and not (report.written or report.skipped) \
        else 0


def main(argv=None):
    args = parse_args(argv)
    args.config = find_config(args.config)
    if args.out_dir:
        sys.exit(extract_per_video(args))
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
