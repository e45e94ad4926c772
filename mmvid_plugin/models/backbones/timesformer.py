"""TimeSformer, Bertasius et al., "Is Space-Time Attention All You Need for
Video Understanding?", ICML 2021 (Sec. 3, Fig. 2-3, Table 1), with all five
attention schemes. ViT-B/16 defaults; token layout as the release
(``vit.py`` ``VisionTransformer.forward_features``): ``[cls] + patches``
with time fastest (patch (h, w, t) at 1 + (h W + w) T + t); ``pos_embed``
shared by the frames (cls slot included), ``time_embed`` on patch tokens
only (not for space-only). Attention is
permutation-equivariant, so frame order reaches the network only through
``time_embed``; it starts at zero (as the release: ``torch.zeros`` in
``VisionTransformer.__init__``, never re-initialised), which makes every
scheme exactly order-free at initialisation.

- space_only: ViT blocks on every frame alone (one cls per frame); the
  tokens are averaged over time at the end.
- joint_space_time: one attention over all 1 + N T tokens.
- divided_space_time (release): temporal attention over the patches of one
  location with its own ``temporal_norm1`` / ``temporal_attn`` and a
  zero-initialised ``temporal_fc``; then spatial attention within each
  frame with the cls token repeated per frame and averaged back.
- sparse_local_global (not released): local attention within F x H/2 x
  W/2 windows (``norm1`` / ``attn``), then sparse global attention among
  patches with equal (t, h, w) parities, stride 2 on each axis
  (``global_*`` set with a zero-initialised ``global_fc``).
- axial (not released): attention along time (``temporal_*``), width
  (``norm1`` / ``attn``) and height (``height_*``), each its own QKV.
In the restricted schemes (sparse, axial) the cls token attends to every
token and every token to it; patches attend within groups gathered into
sequences of their own (``SelfAttention.grouped``: S + 1 keys per query,
not 1 + N T), or under a boolean mask when a grid's groups differ in size.
Attention runs through ``F.scaled_dot_product_attention``.
"""
import functools
import math
from typing import Callable, Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from mmcv.cnn.bricks import DropPath
from mmengine.model import BaseModule
from torch import nn
from torch.utils.checkpoint import checkpoint

from mmaction.registry import MODELS

from ..layers import SelfAttention

SCHEMES = ('space_only', 'joint_space_time', 'divided_space_time',
           'sparse_local_global', 'axial')
# extra attention sets (norm + attention + zero-initialised fc) per scheme
EXTRA_SETS = {'divided_space_time': ('temporal', ),
              'sparse_local_global': ('global', ),
              'axial': ('temporal', 'height')}
Grid = Tuple[int, int, int]  # (T, H, W) in patches


def patch_coordinates(grid: Grid) -> Tuple[torch.Tensor, ...]:
    """(t, h, w) of every patch token in the release's order."""
    t, h, w = grid
    hh, ww, tt = torch.meshgrid(torch.arange(h), torch.arange(w),
                                torch.arange(t), indexing='ij')
    return tt.flatten(), hh.flatten(), ww.flatten()


GROUP_KEYS: Dict[str, Callable] = {
    # (t, h, w) of the patches, grid -> a key per patch; a patch attends to
    # the patches with its key (and to the cls token)
    'local': lambda t, h, w, g: (h * 2 // g[1]) * 2 + w * 2 // g[2],
    'global': lambda t, h, w, g: (t % 2) * 4 + (h % 2) * 2 + w % 2,
    'time': lambda t, h, w, g: h * g[2] + w,
    'width': lambda t, h, w, g: t * g[1] + h,
    'height': lambda t, h, w, g: t * g[2] + w,
}


def group_keys(relation: str, grid: Grid) -> torch.Tensor:
    """[N T] key of every patch token under ``relation``."""
    return GROUP_KEYS[relation](*patch_coordinates(grid), grid)


def attention_mask(relation: str, grid: Grid,
                   device=None) -> torch.Tensor:
    """[1 + N T, 1 + N T] boolean mask of a restricted step (True =
    allowed; the cls token row and column all True)."""
    keys = group_keys(relation, grid)
    size = keys.numel() + 1
    mask = torch.ones(size, size, dtype=torch.bool)
    mask[1:, 1:] = keys[:, None] == keys[None, :]
    return mask.to(device)


def attention_groups(relation: str, grid: Grid,
                     device=None) -> Optional[torch.Tensor]:
    """[G, S] patch indices of each group of a restricted step, or None when
    the groups differ in size (odd grids: the step then uses the mask)."""
    keys = group_keys(relation, grid)
    counts = torch.unique(keys, return_counts=True)[1]
    if (counts != counts[0]).any():
        return None
    order = torch.argsort(keys, stable=True)
    return order.view(len(counts), -1).to(device)


@functools.lru_cache(maxsize=64)
def _attention_plan(relation: str, grid: Grid, device) -> tuple:
    groups = attention_groups(relation, grid, device)
    if groups is not None:
        return groups, None
    return None, attention_mask(relation, grid, device)


@torch.compiler.assume_constant_result
def attention_plan(relation: str, grid: Grid, device=None) -> tuple:
    """(groups, None) of ``attention_groups``, or (None, mask) of
    ``attention_mask`` when the groups differ in size; made once per
    (relation, grid, device) and shared (read only). The plan depends on
    the grid alone, so a compiled forward takes it as a constant instead
    of tracing ``torch.unique`` and the size test (graph breaks)."""
    return _attention_plan(relation, tuple(grid), device)


def frames_with_cls(tokens: torch.Tensor, grid: Grid) -> torch.Tensor:
    """[B, 1 + h w T, D] -> [B T, 1 + h w, D]: one sequence per frame, the
    cls token repeated in each (divided attention's spatial step)."""
    t, h, w = grid
    b, _, dim = tokens.shape
    patches = tokens[:, 1:].reshape(b, h * w, t, dim).transpose(1, 2)
    cls = tokens[:, :1].expand(b, t, dim).reshape(b * t, 1, dim)
    return torch.cat([cls, patches.reshape(b * t, h * w, dim)], dim=1)


class Mlp(nn.Sequential):

    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1, self.act, self.fc2 = (nn.Linear(dim, hidden), nn.GELU(),
                                        nn.Linear(hidden, dim))


class TimeSformerBlock(nn.Module):
    """One block of ``scheme``: its attention steps, then the MLP.

    Stochastic depth as the release's ``Block.forward`` (vit.py): each
    attention residual is dropped per row of the attention's own batch,
    before any extra-set fc: per spatial location in divided attention's
    temporal step (so ``temporal_fc``'s bias survives a dropped path), per
    frame in its spatial step and in space-only, per clip in joint
    attention and in the restricted steps (sparse, axial: not released;
    per clip keeps the gathered and the masked attention equal); the MLP
    residual per row of the token batch (per clip; per frame in space-only,
    whose tokens are [B T, ...] throughout, as the release).
    """

    def __init__(self, dim: int, num_heads: int, mlp_ratio: float,
                 scheme: str, drop_path: float = 0.0, eps: float = 1e-6):
        super().__init__()
        self.scheme = scheme
        self.norm1 = nn.LayerNorm(dim, eps=eps)
        self.attn = SelfAttention(dim, num_heads)
        for name in EXTRA_SETS.get(scheme, ()):
            setattr(self, f'{name}_norm1', nn.LayerNorm(dim, eps=eps))
            setattr(self, f'{name}_attn', SelfAttention(dim, num_heads))
            setattr(self, f'{name}_fc', nn.Linear(dim, dim))
        self.drop_path = DropPath(drop_path) if drop_path > 0 else \
            nn.Identity()
        self.norm2 = nn.LayerNorm(dim, eps=eps)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))

    def _restricted(self, prefix: str, relation: str, grid: Grid):
        norm = getattr(self, f'{prefix}norm1')
        attn = getattr(self, f'{prefix}attn')
        fc = getattr(self, f'{prefix}fc', None)

        def step(x: torch.Tensor) -> torch.Tensor:
            # gathered groups, else a mask
            groups, mask = attention_plan(relation, grid, x.device)
            out = attn(norm(x), mask) if groups is None else attn.grouped(
                norm(x), groups)
            out = self.drop_path(out)
            return fc(out) if fc is not None else out

        return step

    def _divided_time(self, grid: Grid):

        def step(x: torch.Tensor) -> torch.Tensor:
            # patches [B, H W T, D] -> [B H W, T, D]: attention along time
            b, _, dim = x.shape
            patches = x[:, 1:].reshape(-1, grid[0], dim)
            out = self.temporal_fc(self.drop_path(
                self.temporal_attn(self.temporal_norm1(patches))))
            return torch.cat([x.new_zeros(b, 1, dim),
                              out.reshape(b, -1, dim)], dim=1)

        return step

    def _divided_space(self, grid: Grid):

        def step(x: torch.Tensor) -> torch.Tensor:
            # [B, 1 + H W T, D] -> frames [B T, 1 + H W, D], cls per frame
            t, h, w = grid
            b, _, dim = x.shape
            out = self.drop_path(self.attn(self.norm1(frames_with_cls(
                x, grid))))
            cls_out = out[:, 0].reshape(b, t, dim).mean(dim=1, keepdim=True)
            patch_out = out[:, 1:].reshape(b, t, h * w, dim).transpose(1, 2)
            return torch.cat([cls_out, patch_out.reshape(b, -1, dim)], 1)

        return step

    def steps(self, grid: Grid) -> List[Callable]:
        """The attention steps: each maps tokens to a residual update
        (drop-path applied)."""
        if self.scheme in ('space_only', 'joint_space_time'):
            return [lambda x: self.drop_path(self.attn(self.norm1(x)))]
        if self.scheme == 'divided_space_time':
            return [self._divided_time(grid), self._divided_space(grid)]
        if self.scheme == 'sparse_local_global':
            return [self._restricted('', 'local', grid),
                    self._restricted('global_', 'global', grid)]
        return [self._restricted('temporal_', 'time', grid),
                self._restricted('', 'width', grid),
                self._restricted('height_', 'height', grid)]

    def forward(self, x: torch.Tensor, grid: Grid) -> torch.Tensor:
        for step in self.steps(grid):
            x = x + step(x)
        return x + self.drop_path(self.mlp(self.norm2(x)))


@MODELS.register_module()
class TimeSformerViT(BaseModule):
    """Args:
        attention_type: One of ``SCHEMES``.
        num_frames: T of ``time_embed`` (8); other clip lengths interpolate
            it (nearest, as the release).
        img_size: Side of ``pos_embed``'s grid (224 / 16 = 14 patches);
            other sizes interpolate it (nearest).
        patch_size, embed_dims, depth, num_heads, mlp_ratio: ViT-B/16 by
            default (16, 768, 12, 12, 4).
        drop_path_rate: Stochastic depth, rising linearly over the blocks.
        with_cp: Activation checkpointing in training: each block keeps
            only its input and recomputes the rest in the backward pass
            (about a third more compute, a fraction of the activation
            memory; ``docs/benchmarks.md`` says how many frames fit).
    """

    def __init__(self, attention_type: str = 'divided_space_time',
                 num_frames: int = 8, img_size: int = 224,
                 patch_size: int = 16, in_channels: int = 3,
                 embed_dims: int = 768, depth: int = 12, num_heads: int = 12,
                 mlp_ratio: float = 4.0, drop_path_rate: float = 0.1,
                 with_cp: bool = False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.with_cp = with_cp
        if attention_type not in SCHEMES:
            raise ValueError(f'TimeSformerViT: attention_type='
                             f'{attention_type!r}; expected one of {SCHEMES}')
        self.attention_type = attention_type
        self.patch_size = patch_size
        self.patch_embed = nn.Conv2d(in_channels, embed_dims, patch_size,
                                     patch_size)
        patches = (img_size // patch_size)**2
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dims))
        self.pos_embed = nn.Parameter(torch.zeros(1, patches + 1, embed_dims))
        self.time_embed = None if attention_type == 'space_only' else \
            nn.Parameter(torch.zeros(1, num_frames, embed_dims))
        rates = [drop_path_rate * i / max(depth - 1, 1) for i in range(depth)]
        self.blocks = nn.ModuleList(
            TimeSformerBlock(embed_dims, num_heads, mlp_ratio,
                             attention_type, rate) for rate in rates)
        self.norm = nn.LayerNorm(embed_dims, eps=1e-6)
        self.out_channels = embed_dims
        self.reset_parameters()

    def init_weights(self) -> None:
        super().init_weights()
        if self.init_cfg is None:
            self.reset_parameters()

    def reset_parameters(self) -> None:
        """The release's init (``vit.py`` ``VisionTransformer.__init__``,
        ``_init_weights``): truncated normal (0.02) ``pos_embed``,
        ``cls_token`` and linears, zero biases, zero ``time_embed`` and zero
        ``temporal_fc`` in every block; zeroing ``global_fc`` / ``height_fc``
        of the unreleased schemes is ours."""
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        if self.time_embed is not None:
            nn.init.zeros_(self.time_embed)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)
        for block in self.blocks:  # the extra sets start switched off
            for name in EXTRA_SETS.get(self.attention_type, ()):
                fc = getattr(block, f'{name}_fc')
                nn.init.zeros_(fc.weight)
                nn.init.zeros_(fc.bias)

    def _pos_embed(self, h: int, w: int) -> torch.Tensor:
        cls, grid = self.pos_embed[:, :1], self.pos_embed[:, 1:]
        side = int(math.sqrt(grid.shape[1]))
        if (h, w) != (side, side):
            grid = grid.reshape(1, side, side, -1).permute(0, 3, 1, 2)
            grid = F.interpolate(grid, size=(h, w), mode='nearest')
            grid = grid.flatten(2).transpose(1, 2)
        return cls, grid  # [1, 1, D], [1, h w, D]

    def _time_embed(self, t: int) -> torch.Tensor:
        embed = self.time_embed
        if embed.shape[1] != t:
            embed = F.interpolate(embed.transpose(1, 2), size=t,
                                  mode='nearest').transpose(1, 2)
        return embed  # [1, T, D]

    def tokens(self, x: torch.Tensor) -> Tuple[torch.Tensor, Grid]:
        """Embedded tokens: [B, 1 + h w T, D] (space-only: [B T, 1 + h w,
        D]) and the patch grid (T, h, w)."""
        b, _, t, height, width = x.shape
        if height % self.patch_size or width % self.patch_size:
            raise ValueError(
                f'TimeSformerViT: frames of {height}x{width} do not split '
                f'into {self.patch_size}x{self.patch_size} patches; expected '
                f'sides that are multiples of {self.patch_size} (the '
                'position embeddings resize to any such grid)')
        frames = self.patch_embed(x.transpose(1, 2).flatten(0, 1))
        h, w = frames.shape[-2:]
        patches = frames.flatten(2).transpose(1, 2)  # [B T, h w, D]
        pos_cls, pos_grid = self._pos_embed(h, w)
        patches = patches + pos_grid
        cls = self.cls_token + pos_cls
        if self.attention_type == 'space_only':
            return torch.cat([cls.expand(b * t, -1, -1), patches], 1), (t, h,
                                                                        w)
        dim = patches.shape[-1]
        # [B T, h w, D] -> [B, h w, T, D] + time_embed -> time fastest
        patches = patches.reshape(b, t, h * w, dim).transpose(1, 2)
        patches = patches + self._time_embed(t)[:, None]
        return torch.cat([cls.expand(b, -1, -1),
                          patches.reshape(b, -1, dim)], 1), (t, h, w)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [B, 3, T, H, W] -> cls feature [B, D]
        tokens, grid = self.tokens(x)
        for block in self.blocks:
            if self.with_cp and self.training and tokens.requires_grad:
                tokens = checkpoint(block, tokens, grid, use_reentrant=False)
            else:
                tokens = block(tokens, grid)
        if self.attention_type == 'space_only':
            tokens = tokens.reshape(x.shape[0], grid[0], *tokens.shape[1:])
            tokens = tokens.mean(dim=1)
        return self.norm(tokens)[:, 0]
