"""Tiny good and bad media for the bad-data tests (8 frames of 32x32)."""
import os
import os.path as osp

import cv2
import numpy as np


def write_video(path, frames=8, faststart=False):
    """An mpeg4 mp4 whose frame ``i`` is filled with ``20 * i``."""
    import av
    options = dict(movflags='faststart') if faststart else {}
    with av.open(str(path), 'w', options=options) as container:
        stream = container.add_stream('mpeg4', rate=8)
        stream.width = stream.height = 32
        stream.pix_fmt = 'yuv420p'
        for i in range(frames):
            image = np.full((32, 32, 3), 20 * i, np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format='rgb24')
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return str(path)


def write_truncated_video(path):
    """A video cut in the middle of its frames (header first)."""
    write_video(path, faststart=True)
    with open(path, 'rb') as f:
        data = f.read()
    with open(path, 'wb') as f:
        f.write(data[:len(data) * 6 // 10])
    return str(path)


def write_zero_frame_video(path):
    """An mp4 container holding no frames."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), 8,
                             (32, 32))
    writer.release()
    assert osp.getsize(path) > 0
    return str(path)


def write_corrupt_video(path):
    with open(path, 'wb') as f:
        f.write(b'this is not a video\n' * 40)
    return str(path)


def write_rawframes(folder, frames=8, flow=False):
    """``img_00001.jpg`` ... (or ``flow_x_``/``flow_y_`` pairs)."""
    os.makedirs(folder, exist_ok=True)
    image = np.zeros((32, 32, 3), np.uint8)
    for i in range(1, frames + 1):
        names = [f'flow_x_{i:05d}.jpg', f'flow_y_{i:05d}.jpg'] if flow \
            else [f'img_{i:05d}.jpg']
        for name in names:
            cv2.imwrite(osp.join(folder, name), image)
    return str(folder)


def write_lines(path, lines):
    """An annotation file; ``bytes`` lines are written as they are."""
    with open(path, 'wb') as f:
        for line in lines:
            f.write((line if isinstance(line, bytes) else
                     line.encode('utf-8')) + b'\n')
    return str(path)
