"""Where a video model looks: the cls token's attention in TimeSformer's
last block (Bertasius et al. 2021) and a non-local block's attention from
one query position (Wang et al. 2018, Fig. 1), as rows that sum to one."""
from typing import Dict, Optional, Sequence

import numpy as np
import torch
from torch import nn

from ..models.backbones.timesformer import (TimeSformerViT, attention_mask,
                                            frames_with_cls)
from ..models.layers import NonLocalBlock3d
from ..utils.atomic import atomic_path
from .plots import save_figure


@torch.no_grad()
def timesformer_attention(model: TimeSformerViT,
                          clip: torch.Tensor) -> Dict[str, np.ndarray]:
    """Head-averaged attention of the last block for one clip (1, 3, T, H,
    W): ``spatial`` (T, h, w) the cls token's weight on each patch (divided,
    space-only: its per-frame copy); ``temporal`` (T, T) how patches weigh
    the frames of their location (divided, axial), else the cls token's
    weight per frame on the diagonal; ``rows`` the sum of every attention
    row used (one each)."""
    model.eval()
    tokens, grid = model.tokens(clip)
    for block in model.blocks[:-1]:
        tokens = block(tokens, grid)
    block, scheme = model.blocks[-1], model.attention_type
    t, h, w = grid
    rows, temporal = [], None
    if scheme == 'divided_space_time':
        patches = tokens[:, 1:].reshape(h * w, t, tokens.shape[-1])
        weights = block.temporal_attn.weights(
            block.temporal_norm1(patches)).mean(1)  # [h w, T, T]
        rows.append(weights)
        temporal = weights.mean(0)
        tokens = tokens + block.steps(grid)[0](tokens)
        frames = frames_with_cls(tokens, grid)
    if scheme == 'axial':
        mask = attention_mask('time', grid, tokens.device)
        weights = block.temporal_attn.weights(
            block.temporal_norm1(tokens), mask).mean(1)[0]  # [L, L]
        rows.append(weights)
        patch = weights[1:, 1:].reshape(h * w, t, h * w, t)
        temporal = torch.stack([patch[i, :, i] for i in range(h * w)]).mean(0)
    if scheme in ('space_only', 'divided_space_time'):
        sequences = tokens if scheme == 'space_only' else frames
        weights = block.attn.weights(block.norm1(sequences)).mean(1)
        rows.append(weights)
        spatial = weights[:, 0, 1:].reshape(t, h, w)
    else:
        relation = {'joint_space_time': None, 'sparse_local_global': 'local',
                    'axial': 'width'}[scheme]
        mask = relation and attention_mask(relation, grid, tokens.device)
        weights = block.attn.weights(block.norm1(tokens), mask).mean(1)[0]
        rows.append(weights)
        spatial = weights[0, 1:].reshape(h, w, t).permute(2, 0, 1)
    if temporal is None:
        temporal = torch.diag(spatial.sum(dim=(1, 2)))
    return dict(spatial=spatial.cpu().numpy(),
                temporal=temporal.cpu().numpy(),
                rows=np.concatenate([r.sum(-1).flatten().cpu().numpy()
                                     for r in rows]))


@torch.no_grad()
def nonlocal_attention(model: nn.Module, clip: torch.Tensor,
                       block: NonLocalBlock3d,
                       query: Optional[Sequence[int]] = None
                       ) -> Dict[str, np.ndarray]:
    """The block's attention from one query position (t, y, x) of its
    input (default: the centre) over its (pooled) keys: ``spatial`` (T,
    h', w'), ``temporal`` (T,) the weight per frame, ``rows`` the row sums
    of the whole affinity (one for softmax modes)."""
    captured = {}
    handle = block.register_forward_pre_hook(
        lambda module, args: captured.setdefault('x', args[0]))
    model.eval()
    try:
        model(clip)
    finally:
        handle.remove()
    x = captured['x'][:1]
    pooled = block.pool(x)
    weights = block.affinity(x, pooled)[0]  # [THW, T h' w']
    t, h, w = x.shape[2:]
    query = query or (t // 2, h // 2, w // 2)
    index = (query[0] * h + query[1]) * w + query[2]
    spatial = weights[index].reshape(pooled.shape[2:])
    return dict(spatial=spatial.cpu().numpy(),
                temporal=spatial.sum(dim=(1, 2)).cpu().numpy(),
                rows=weights.sum(-1).cpu().numpy())


def overlay_frames(frames: np.ndarray, maps: np.ndarray,
                   alpha: float = 0.5) -> np.ndarray:
    """frames (T, H, W, 3) uint8, maps (T, h, w) -> (T, H, W, 3) uint8 with
    each map (min-max normalised over the clip) upsampled and blended in
    jet."""
    import cv2
    low, span = maps.min(), (maps.max() - maps.min()) or 1.0
    out = []
    for frame, heat in zip(frames, maps):
        heat = cv2.resize(((heat - low) / span).astype(np.float32),
                          frame.shape[1::-1], interpolation=cv2.INTER_LINEAR)
        colour = cv2.applyColorMap((heat * 255).astype(np.uint8),
                                   cv2.COLORMAP_JET)[..., ::-1]
        out.append((frame * (1 - alpha) + colour * alpha).astype(np.uint8))
    return np.stack(out)


def save_attention_figures(frames: np.ndarray, result: Dict[str, np.ndarray],
                           prefix: str, title: str) -> Dict[str, str]:
    """``prefix``_frames.png (overlays side by side + the temporal weights),
    ``prefix``.gif (overlays animated); returns the paths."""
    from PIL import Image

    from .plots import _figure
    overlays = overlay_frames(frames, result['spatial'])
    count = len(overlays)
    plt, (fig, axes) = _figure(1, count + 1, figsize=(2.2 * (count + 1), 2.6))
    for index, (ax, image) in enumerate(zip(axes, overlays)):
        ax.imshow(image)
        ax.set_title(f'frame {index}', fontsize=8)
        ax.axis('off')
    temporal = np.atleast_2d(result['temporal'])
    axes[-1].imshow(temporal, cmap='viridis')
    axes[-1].set_title('temporal', fontsize=8)
    fig.suptitle(title, fontsize=9)
    png = f'{prefix}_frames.png'
    save_figure(fig, png, bbox_inches='tight')
    plt.close(fig)
    gif = f'{prefix}.gif'
    with atomic_path(gif, suffix='.gif') as temp:
        Image.fromarray(overlays[0]).save(
            temp, save_all=True, duration=300, loop=0,
            append_images=[Image.fromarray(o) for o in overlays[1:]])
    return dict(png=png, gif=gif)
