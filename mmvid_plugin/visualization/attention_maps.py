"""Where a video model looks, read from the weights the model itself used
(``record_attention``): the cls token's attention in every step of
TimeSformer's last block (Bertasius et al., ICML 2021, Sec. 3, Fig. 2)
and a non-local block's attention from one query position (Wang et al.,
CVPR 2018, Fig. 1), from rows that sum to one."""
from typing import Dict, Optional, Sequence

import numpy as np
import torch
from torch import nn

from ..models.backbones.timesformer import TimeSformerViT
from ..models.layers import NonLocalBlock3d
from ..models.layers.attention import AttentionRecord, record_attention
from ..utils.atomic import atomic_path
from .plots import new_figure, save_figure


def cls_map(record: AttentionRecord) -> torch.Tensor:
    """(T, h, w) head-averaged weight of the first clip's cls token on each
    patch (layout 'frames': its copy in each frame)."""
    t, h, w = record.grid
    weights = record.weights.mean(1)  # [B', L, L]
    if record.layout == 'frames':
        return weights[:t, 0, 1:].reshape(t, h, w)
    return weights[0, 0, 1:].reshape(h, w, t).permute(2, 0, 1)


def time_map(record: AttentionRecord) -> torch.Tensor:
    """(T, T) head-averaged weight of a patch on the frames of its own
    location, averaged over the locations of the first clip."""
    t, h, w = record.grid
    weights = record.weights.mean(1)  # [B', L, L]
    if record.layout == 'locations':
        return weights[:h * w].mean(0)
    patches = weights[0, 1:, 1:].reshape(h * w, t, h * w, t)
    return torch.diagonal(patches, dim1=0, dim2=2).mean(-1)


@torch.no_grad()
def timesformer_attention(model: TimeSformerViT,
                          clip: torch.Tensor) -> Dict[str, np.ndarray]:
    """The last block's attention for one clip (1, 3, T, H, W), as the
    forward computed it: ``maps`` {step: (T, h, w)} the cls token's
    weight on each patch in every step that has a cls row (divided and
    space-only: its per-frame copy); ``spatial`` the map of the main set's
    step; ``temporal`` (T, T) how patches weigh the frames of their
    location in the temporal set's step (divided, axial), else the cls
    token's weight per frame on the diagonal; ``rows`` the sum of every
    attention row of the block (one each)."""
    model.eval()
    with record_attention(model) as records:
        model(clip)
    *_, last = (found for found in records.values() if found)
    maps = {r.step: cls_map(r) for r in last if r.layout != 'locations'}
    (main, ) = (r for r in last if r.attention_set == 'main')
    spatial = cls_map(main)
    temporal = [time_map(r) for r in last if r.attention_set == 'temporal']
    temporal = temporal[0] if temporal else torch.diag(spatial.sum((1, 2)))
    return dict(spatial=spatial.cpu().numpy(),
                temporal=temporal.cpu().numpy(),
                maps={step: m.cpu().numpy() for step, m in maps.items()},
                rows=np.concatenate([r.weights.sum(-1).flatten().cpu().numpy()
                                     for r in last]))


@torch.no_grad()
def nonlocal_attention(model: nn.Module, clip: torch.Tensor,
                       block: NonLocalBlock3d,
                       query: Optional[Sequence[int]] = None
                       ) -> Dict[str, np.ndarray]:
    """The affinity that ``block`` used in ``model``'s forward on one clip,
    from one query position (t, y, x) of its input (default: the centre)
    over its (pooled) keys: ``spatial`` (T, h', w'), ``temporal`` (T,) the
    weight per frame, ``rows`` the row sums of the whole affinity (one for
    softmax modes)."""
    model.eval()
    with record_attention(block) as records:
        model(clip)
    record = records[''][-1]
    weights = record.weights[0]  # [T H W, T h' w']
    t, h, w = record.grid
    query = query or (t // 2, h // 2, w // 2)
    index = (query[0] * h + query[1]) * w + query[2]
    spatial = weights[index].reshape(record.key_grid)
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
    """``prefix``_frames.png (a row of overlays per map in
    ``result['maps']``, else of ``spatial``, + the temporal weights) and
    ``prefix``.gif (the ``spatial`` overlays animated); returns the
    paths."""
    from PIL import Image
    maps = result.get('maps') or {'': result['spatial']}
    count = len(frames)
    plt, (fig, axes) = new_figure(len(maps), count + 1, squeeze=False,
                                  figsize=(2.2 * (count + 1),
                                           2.6 * len(maps)))
    for row, (step, spatial) in zip(axes, maps.items()):
        for index, (ax, image) in enumerate(
                zip(row, overlay_frames(frames, spatial))):
            ax.imshow(image)
            ax.set_title(f'{step} frame {index}'.strip(), fontsize=8)
        for ax in row[:-1]:
            ax.axis('off')
    for ax in axes[1:, -1]:
        ax.axis('off')
    axes[0, -1].imshow(np.atleast_2d(result['temporal']), cmap='viridis')
    axes[0, -1].set_title('temporal', fontsize=8)
    fig.suptitle(title, fontsize=9)
    png = f'{prefix}_frames.png'
    save_figure(fig, png, bbox_inches='tight')
    plt.close(fig)
    overlays = overlay_frames(frames, result['spatial'])
    gif = f'{prefix}.gif'
    with atomic_path(gif, suffix='.gif') as temp:
        Image.fromarray(overlays[0]).save(
            temp, save_all=True, duration=300, loop=0,
            append_images=[Image.fromarray(o) for o in overlays[1:]])
    return dict(png=png, gif=gif)
