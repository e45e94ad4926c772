"""Draw where a TimeSformer or a non-local network attends on one video.

    python tools/visualize_attention.py CONFIG CHECKPOINT VIDEO \
        --out-dir DIR [--layer backbone.stages.1.2] [--query T Y X]

TimeSformer: the cls token's attention over each frame's patches in every
step of the last block (a row each), and the temporal attention;
non-local: one query position's attention (default: the centre) in a
non-local block (default: the last). Both are the weights the model's
forward used (``record_attention``). Writes DIR/<name>_frames.png and
DIR/<name>.gif over the config's test pipeline's first clip.
"""
import argparse
import os
import os.path as osp

import mmvid_plugin  # noqa: F401  (compat fixes + registration)
import numpy as np
from mmengine.dataset import Compose, pseudo_collate

from mmvid_plugin.apis import load_model
from mmvid_plugin.models.backbones import TimeSformerViT
from mmvid_plugin.models.layers import NonLocalBlock3d
from mmvid_plugin.visualization import (
    nonlocal_attention, save_attention_figures, timesformer_attention)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('video')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('--layer', help='non-local block name')
    parser.add_argument('--query', type=int, nargs=3, metavar=('T', 'Y', 'X'),
                        help='non-local query position in the block input')
    return parser.parse_args(argv)


def first_clip(cfg, model, video):
    """(normalised clip [1, C, T, H, W], uint8 frames [T, H, W, 3])."""
    pipeline = Compose(cfg.test_dataloader.dataset.pipeline)
    packed = pipeline(dict(filename=video, label=-1, start_index=0,
                           modality='RGB'))
    raw = packed['inputs'][:1]  # [1, C, T, H, W] of the first clip
    packed['inputs'] = raw
    data = model.data_preprocessor(pseudo_collate([packed]), False)
    clip = data['inputs'][:, 0]
    frames = raw[0].permute(1, 2, 3, 0).clamp(0, 255).byte().numpy()
    return clip, frames


def pick_nonlocal(model, name):
    blocks = {n: m for n, m in model.named_modules()
              if isinstance(m, NonLocalBlock3d)}
    if not blocks:
        raise ValueError('the model has neither a TimeSformerViT backbone nor'
                         ' non-local blocks: nothing to draw')
    if name is None:
        name = list(blocks)[-1]
    if name not in blocks:
        raise KeyError(f'--layer {name!r} is not a non-local block; the '
                       f'model has {list(blocks)}')
    return name, blocks[name]


def main(argv=None):
    args = parse_args(argv)
    if not osp.exists(args.video):
        raise FileNotFoundError(f'video {args.video} does not exist')
    cfg, model = load_model(args.config, args.checkpoint)
    model.eval()
    clip, frames = first_clip(cfg, model, args.video)
    os.makedirs(args.out_dir, exist_ok=True)
    stem = osp.splitext(osp.basename(args.video))[0]
    if isinstance(model.backbone, TimeSformerViT):
        result = timesformer_attention(model.backbone, clip)
        title = f'TimeSformer {model.backbone.attention_type}: cls attention'
        name = f'{stem}_timesformer'
        # patch maps are per frame; the frames shown are the clip's
        frames = frames[:result['spatial'].shape[0]]
    else:
        layer, block = pick_nonlocal(model, args.layer)
        result = nonlocal_attention(model.backbone, clip, block, args.query)
        title = f'non-local {layer}: query attention'
        name = f'{stem}_{layer.replace(".", "_")}'
        step = max(len(frames) // result['spatial'].shape[0], 1)
        frames = frames[::step][:result['spatial'].shape[0]]
    paths = save_attention_figures(frames, result,
                                   osp.join(args.out_dir, name), title)
    worst = float(np.abs(result['rows'] - 1).max())
    print(f"{paths['png']}\n{paths['gif']}\nattention rows: "
          f"{result['rows'].size}, largest |sum - 1| = {worst:.2e}")
    return paths, result


if __name__ == '__main__':
    main()
