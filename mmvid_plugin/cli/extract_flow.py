"""Extract RGB frames and optical flow into MMAction2's rawframes layout.

    python tools/extract_flow.py VIDEO_FOLDER OUT [--algorithm tvl1]
    python tools/extract_flow.py LIST.txt OUT --video-root VIDEOS
    python tools/extract_flow.py VIDEOS OUT --algorithm tvl1-torch \
        --device cuda --batch 16

Parallel (--workers), resumable (finished videos are skipped), and
unreadable videos are listed in OUT/failed_videos.txt instead of stopping
the run. OUT/rawframes_list.txt is a RawframeDataset annotation list.
"""
import argparse
import os.path as osp

from mmvid_plugin.flow import (ALGORITHMS, FLOW_BOUND, extract_dataset,
                               videos_from_folder, videos_from_list)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('source', help='folder of videos, or a video list '
                        '("<path> <label>" per line)')
    parser.add_argument('out', help='output folder')
    parser.add_argument('--video-root', default='',
                        help='prefix of the paths in a video list')
    parser.add_argument('--algorithm', choices=ALGORITHMS, default='tvl1')
    parser.add_argument('--bound', type=float, default=FLOW_BOUND,
                        help='flow is clipped to +-bound px before uint8')
    parser.add_argument('--size', default=None,
                        help='output size: WIDTHxHEIGHT (e.g. 340x256) or a '
                        'short side (e.g. 256); default: unchanged')
    parser.add_argument('--workers', type=int, default=1)
    parser.add_argument('--device', default='cpu',
                        help='torch device of tvl1-torch (cpu, cuda, ...)')
    parser.add_argument('--batch', type=int, default=1,
                        help='frame pairs per tvl1-torch call')
    args = parser.parse_args(argv)
    if args.batch < 1:
        parser.error(f'--batch {args.batch}: expected a positive number')
    items = videos_from_folder(args.source) if osp.isdir(args.source) \
        else videos_from_list(args.source, args.video_root)
    counts = extract_dataset(items, args.out, args.algorithm, args.bound,
                             args.size, args.workers, device=args.device,
                             batch=args.batch)
    print(f"extracted {counts['done']}, skipped {counts['skipped']} "
          f"(done before), failed {counts['failed']} (see "
          f"{osp.join(args.out, 'failed_videos.txt')})")
    return counts


if __name__ == '__main__':
    main()
