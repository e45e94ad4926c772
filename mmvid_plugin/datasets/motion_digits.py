"""MotionDigits: the embedded default dataset, generated from real handwriting.

Each clip shows a handwritten digit (scikit-learn's bundled 8x8 digits,
upscaled) on a dark, torus-shaped canvas. Ten balanced classes:

* 8 **motion** classes = digit (``zero`` / ``one``) x direction (left,
  right, up, down). The digit moves ``speed`` px per frame and wraps around
  the canvas, so its position in any frame says nothing about where it goes:
  direction is visible only across frames.
* 2 **order** classes, ``appear`` and ``vanish``: a digit (either one, moving
  in a random direction) is blank until a random frame near the middle and
  visible after it, or the reverse. They hold the same events in the
  opposite order.

Every class has a time-reversed twin (left/right, up/down, appear/vanish),
which fixes what a model can reach without using the order of frames:

* one frame shows at most a digit: the best guess is a motion class of that
  digit (right 1/4 of the time) or, on a blank frame, an order class (right
  1/2 of the time on the half of order-clip frames that are blank)
  -> **25%** top-1 (``SINGLE_FRAME_CEILING``);
* any order-free model (TSN averaging, pooling over time, shuffled frames)
  cannot tell a clip from its reversed twin -> at most **50%**
  (``ORDER_FREE_CEILING``); averaging per-frame scores, as TSN does, reaches
  about 30% (digit + order family).
* Chance is 10%. Only a model that uses frame order can pass 50%.

Horizontal flips swap ``left`` and ``right``: pipelines must not flip.

The splits use disjoint sets of digit images, so validation and test
measure generalisation to unseen digit images, not to unseen writers:
scikit-learn's ``load_digits`` is the UCI test set, written by 13 people
(its ``DESCR``), with no writer recorded, and the image split is random,
so the same writers' handwriting appears in every split.
"""
import dataclasses
import json
import os
import os.path as osp
from typing import Dict, List, Sequence, Tuple

import numpy as np

from ..utils.atomic import atomic_directory

#: Bump when the generator changes what it writes.
GENERATOR_VERSION = 1

GROUP_DIGITS = {'zero': (0, ), 'one': (1, )}
GROUPS = tuple(GROUP_DIGITS)
DIRECTIONS = {  # (dy, dx) per frame, in units of ``speed``
    'left': (0, -1),
    'right': (0, 1),
    'up': (-1, 0),
    'down': (1, 0),
}
MOTION_CLASSES = tuple(f'{g}_{d}' for g in GROUPS for d in DIRECTIONS)
ORDER_CLASSES = ('appear', 'vanish')
CLASSES = MOTION_CLASSES + ORDER_CLASSES
SPLITS = ('train', 'val', 'test')

#: Top-1 reachable without motion; see the module docstring.
SINGLE_FRAME_CEILING = 0.25
ORDER_FREE_CEILING = 0.5


def time_reversed(name: str) -> str:
    """The class a clip of class ``name`` becomes when played backwards."""
    if name in ORDER_CLASSES:
        return ORDER_CLASSES[1 - ORDER_CLASSES.index(name)]
    group, direction = name.split('_')
    dy, dx = DIRECTIONS[direction]
    opposite = next(d for d, step in DIRECTIONS.items() if step == (-dy, -dx))
    return f'{group}_{opposite}'


#: Class id of each class's time-reversed twin (left <-> right, up <-> down,
#: appear <-> vanish).
TIME_REVERSED_TWIN = tuple(CLASSES.index(time_reversed(c)) for c in CLASSES)


@dataclasses.dataclass(frozen=True)
class MotionDigitsSpec:
    """Everything that determines the generated files.

    Args:
        num_train: Clips in the train split.
        num_val: Clips in the val split.
        num_test: Clips in the test split.
        num_frames: Frames per clip (16-32).
        frame_size: Width and height of the square frames in px (64-112).
        digit_size: Side of the upscaled digit in px.
        speed: Displacement per frame in px.
        fps: Frame rate written into the mp4 files.
        seed: Seed of every random choice.
    """
    num_train: int = 1000
    num_val: int = 200
    num_test: int = 200
    num_frames: int = 16
    frame_size: int = 64
    digit_size: int = 28
    speed: int = 3
    fps: int = 8
    seed: int = 0

    def __post_init__(self):
        checks = {
            'num_frames': (self.num_frames, 16, 32),
            'frame_size': (self.frame_size, 64, 112),
            'digit_size': (self.digit_size, 8, self.frame_size // 2),
            'speed': (self.speed, 1, self.frame_size // 4),
        }
        for key, (value, low, high) in checks.items():
            if not low <= value <= high:
                raise ValueError(f'MotionDigitsSpec.{key}={value}: expected '
                                 f'an integer in [{low}, {high}]')
        for key in ('num_train', 'num_val', 'num_test'):
            if getattr(self, key) < len(CLASSES):
                raise ValueError(
                    f'MotionDigitsSpec.{key}={getattr(self, key)}: expected '
                    f'at least one clip per class ({len(CLASSES)})')

    def split_size(self, split: str) -> int:
        return getattr(self, f'num_{split}')

    def to_meta(self) -> dict:
        return dict(
            dataclasses.asdict(self),
            generator_version=GENERATOR_VERSION,
            classes=list(CLASSES))


def load_digit_pools(seed: int) -> Dict[str, Dict[str, List[np.ndarray]]]:
    """Split sklearn's digits into disjoint per-split pools by group.

    Returns:
        ``pools[split][group]`` lists of 8x8 float images in [0, 1].
    """
    from sklearn.datasets import load_digits
    digits = load_digits()
    order = np.random.default_rng(seed).permutation(len(digits.target))
    bounds = np.cumsum([0.6, 0.2]) * len(order)
    parts = np.split(order, bounds.astype(int))
    pools = {}
    for split, indices in zip(SPLITS, parts):
        pools[split] = {
            group: [
                digits.images[i] / 16.0 for i in indices
                if digits.target[i] in GROUP_DIGITS[group]
            ]
            for group in GROUPS
        }
    return pools


def render_digit(image8x8: np.ndarray, size: int) -> np.ndarray:
    """Upscale an 8x8 digit to ``size`` px, uint8 in [0, 255]."""
    import cv2
    big = cv2.resize(
        image8x8.astype(np.float32), (size, size),
        interpolation=cv2.INTER_CUBIC)
    return (np.clip(big, 0, 1) * 255).astype(np.uint8)


def _trajectory(rng: np.random.Generator, spec: MotionDigitsSpec,
                direction: str) -> np.ndarray:
    """Top-left corner per frame on the torus, shape (T, 2)."""
    start = rng.integers(0, spec.frame_size, size=2)
    step = np.array(DIRECTIONS[direction]) * spec.speed
    return (start + np.arange(spec.num_frames)[:, None] * step) % \
        spec.frame_size


@dataclasses.dataclass
class ClipPlan:
    """The random choices behind one clip."""
    group: str  # which digit
    direction: str
    visible: np.ndarray  # (T,) bool: frames that show the digit


def plan_clip(rng: np.random.Generator, spec: MotionDigitsSpec,
              label: int) -> ClipPlan:
    """Draw digit group, direction and visibility for class ``label``."""
    name = CLASSES[label]
    visible = np.ones(spec.num_frames, bool)
    if name in ORDER_CLASSES:
        group = GROUPS[rng.integers(len(GROUPS))]
        direction = list(DIRECTIONS)[rng.integers(len(DIRECTIONS))]
        # The switch lands near the middle: frames [3T/8, 5T/8].
        switch = rng.integers(spec.num_frames * 3 // 8,
                              spec.num_frames * 5 // 8 + 1)
        visible[:switch] = False
        if name == 'vanish':
            visible = ~visible
    else:
        group, direction = name.split('_')
    return ClipPlan(group, direction, visible)


def make_clip(rng: np.random.Generator, spec: MotionDigitsSpec, label: int,
              pools: Dict[str, List[np.ndarray]]) -> np.ndarray:
    """Generate one clip of class ``label``, uint8 of shape (T, H, W, 3)."""
    plan = plan_clip(rng, spec, label)
    pool = pools[plan.group]
    digit = render_digit(pool[rng.integers(len(pool))], spec.digit_size)
    canvas = np.zeros((spec.frame_size, spec.frame_size), np.uint8)
    canvas[:spec.digit_size, :spec.digit_size] = digit
    frames = np.zeros((spec.num_frames, spec.frame_size, spec.frame_size),
                      np.uint8)
    for t, (y, x) in enumerate(_trajectory(rng, spec, plan.direction)):
        if plan.visible[t]:
            frames[t] = np.roll(canvas, (y, x), axis=(0, 1))
    return np.repeat(frames[..., None], 3, axis=-1)


def write_mp4(frames: np.ndarray, path: str, fps: int) -> None:
    """Encode uint8 RGB frames (T, H, W, 3) as H.264 through PyAV."""
    import av
    with av.open(path, 'w') as container:
        stream = container.add_stream('libx264', rate=fps)
        stream.width, stream.height = frames.shape[2], frames.shape[1]
        stream.pix_fmt = 'yuv420p'
        stream.options = {'crf': '10', 'preset': 'veryfast', 'threads': '1'}
        for frame in frames:
            packet = stream.encode(av.VideoFrame.from_ndarray(frame, 'rgb24'))
            container.mux(packet)
        container.mux(stream.encode())


def split_labels(spec: MotionDigitsSpec, split: str) -> np.ndarray:
    """Balanced, shuffled labels of one split."""
    size = spec.split_size(split)
    rng = np.random.default_rng([spec.seed, SPLITS.index(split), 0])
    return rng.permutation(np.arange(size) % len(CLASSES))


def generate(root: str, spec: MotionDigitsSpec) -> None:
    """Write videos, annotation lists, ``classes.txt`` and ``meta.json``."""
    from ..utils import ProgressLine
    pools = load_digit_pools(spec.seed)
    total = sum(spec.split_size(s) for s in SPLITS)
    print(f'Generating MotionDigits ({total} clips) in {root}', flush=True)
    progress = ProgressLine(total, unit='clips')
    for split_index, split in enumerate(SPLITS):
        os.makedirs(osp.join(root, 'videos', split), exist_ok=True)
        lines = []
        for index, label in enumerate(split_labels(spec, split)):
            rng = np.random.default_rng([spec.seed, split_index, 1, index])
            clip = make_clip(rng, spec, int(label), pools[split])
            relpath = f'{split}/{index:05d}.mp4'
            write_mp4(clip, osp.join(root, 'videos', relpath), spec.fps)
            lines.append(f'{relpath} {label}\n')
            progress.update()
        with open(osp.join(root, f'{split}_list_videos.txt'), 'w') as f:
            f.writelines(lines)
    with open(osp.join(root, 'classes.txt'), 'w') as f:
        f.write('\n'.join(CLASSES) + '\n')
    with open(osp.join(root, 'meta.json'), 'w') as f:
        json.dump(spec.to_meta(), f, indent=2)


def read_meta(root: str) -> dict:
    path = osp.join(root, 'meta.json')
    if not osp.isfile(path):
        return {}
    with open(path) as f:
        return json.load(f)


def ensure_motion_digits(root: str,
                         spec: MotionDigitsSpec = MotionDigitsSpec()) -> str:
    """Materialise MotionDigits at ``root`` unless it is already there.

    Generation goes to a temporary folder beside ``root`` that is renamed
    when complete; a file lock keeps parallel workers from racing.

    Raises:
        FileExistsError: ``root`` holds other files or another spec.
    """
    from filelock import FileLock
    root = osp.abspath(root)
    if read_meta(root) == spec.to_meta():
        return root
    parent = osp.dirname(root)
    os.makedirs(parent, exist_ok=True)
    with FileLock(root + '.lock'):
        meta = read_meta(root)
        if meta == spec.to_meta():
            return root
        if osp.exists(root):
            found = 'a MotionDigits with other settings ' \
                f'{_spec_difference(meta, spec)}' if meta else 'other files'
            raise FileExistsError(
                f'{root} holds {found}; expected MotionDigits with '
                f'{spec}. Delete it or choose another data_root.')
        with atomic_directory(root) as tmp:
            generate(tmp, spec)
    return root


def _spec_difference(meta: dict, spec: MotionDigitsSpec) -> str:
    expected = spec.to_meta()
    diff = {k: meta.get(k) for k in expected if meta.get(k) != expected[k]}
    return str(diff)


def class_counts(labels: Sequence[int]) -> Tuple[int, ...]:
    """Number of clips per class."""
    return tuple(np.bincount(labels, minlength=len(CLASSES)).tolist())
