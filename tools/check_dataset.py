"""Check an annotation list and every video or frame folder it names.

    python tools/check_dataset.py ANN_FILE --data-prefix DIR
        [--type video|rawframes] [--num-classes N] [--report OUT.txt]

Each line must have the right columns and integer labels (below N when
given); each video must open, have frames, and decode its first and last
frame; each frame folder must hold the frames its line says
(``img_{:05d}.jpg``, or ``flow_x_``/``flow_y_`` with ``--modality Flow``).
Prints every bad entry, writes them to the report (line, path, reason),
and exits with 1 when any is bad.
"""
import argparse
import os.path as osp
import sys

from mmvid_plugin.datasets.checks import (BadEntry,
                                          check_rawframes, check_video,
                                          parse_annotation)
from mmvid_plugin.flow.layout import (FLOW_TEMPLATE, RGB_TEMPLATE,
                                      frame_template)
from mmvid_plugin.utils import ProgressLine
from mmvid_plugin.utils.atomic import atomic_open



def check_dataset(args) -> list:
    """Every :class:`BadEntry` of the annotation file."""
    options = dict(multi_class=args.multi_class,
                   num_classes=args.num_classes,
                   allow_unlabeled=args.allow_unlabeled)
    if args.type == 'video':
        options['delimiter'] = args.delimiter
    else:
        options['with_offset'] = args.with_offset
    entries, bad = parse_annotation(args.ann_file, args.type,
                                    args.data_prefix, **options)
    tmpl = args.filename_tmpl or frame_template(args.modality)
    progress = ProgressLine(len(entries), unit='entries')
    for entry in entries:
        if args.type == 'video':
            reason = check_video(entry.path)
        else:
            reason = check_rawframes(entry.path, entry.total_frames,
                                     entry.offset, args.start_index, tmpl,
                                     args.modality)
        if reason is not None:
            bad.append(BadEntry(entry.line_no, entry.path, reason))
        progress.update()
    return sorted(bad, key=lambda entry: entry.line_no or 0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('ann_file')
    parser.add_argument('--data-prefix', default='',
                        help='folder the annotation paths are relative to')
    parser.add_argument('--type', choices=('video', 'rawframes'),
                        default='video')
    parser.add_argument('--num-classes', type=int, default=None)
    parser.add_argument('--report', default=None,
                        help='where to write the bad entries')
    parser.add_argument('--modality', choices=('RGB', 'Flow'),
                        default='RGB', help='rawframes: RGB or flow images')
    parser.add_argument('--filename-tmpl', default=None,
                        help='rawframes: frame name template (default '
                        f'{RGB_TEMPLATE}, or {FLOW_TEMPLATE} for Flow)')
    parser.add_argument('--start-index', type=int, default=1,
                        help='rawframes: index of the first frame')
    parser.add_argument('--with-offset', action='store_true',
                        help='rawframes lines hold an offset column')
    parser.add_argument('--multi-class', action='store_true')
    parser.add_argument('--allow-unlabeled', action='store_true',
                        help='accept lines without a label (inference)')
    parser.add_argument('--delimiter', default=' ',
                        help='video lists: column delimiter')
    args = parser.parse_args(argv)
    if not osp.isfile(args.ann_file):
        parser.error(f'annotation file not found: {args.ann_file}')
    bad = check_dataset(args)
    lines = [f'{args.ann_file}: {entry}' for entry in bad]
    for line in lines:
        print(line)
    if args.report:
        with atomic_open(args.report) as f:
            f.write(''.join(line + '\n' for line in lines))
    with open(args.ann_file, 'rb') as f:
        total = sum(1 for _ in f)
    print(f'{len(bad)} bad of {total} lines' +
          (f' (report: {args.report})' if args.report else ''))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
