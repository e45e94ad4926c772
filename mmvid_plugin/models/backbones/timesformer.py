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
Attention runs through ``F.scaled_dot_product_attention``; under
``record_attention`` (``models/layers/attention.py``) every step computes
its softmax weights explicitly, uses them and records them.
"""
import functools
import math
from collections import OrderedDict
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

import torch
import torch.nn.functional as F
from mmcv.cnn.bricks import DropPath
from mmengine.model import BaseModule
from torch import nn
from torch.utils.checkpoint import checkpoint

from mmaction.registry import MODELS

from ...utils import check_choice
from ..layers import SelfAttention, fold_time, unfold_time
from ..layers.attention import AttentionRecord, AttentionRecording

Grid = Tuple[int, int, int]  # (T, H, W) in patches


class Step(NamedTuple):
    """One attention step of a block: which tokens attend to each other
    (``relation``) and the set of modules that computes it."""
    relation: str
    attention_set: str


# scheme -> its attention steps, in order (Sec. 3, Fig. 2)
STEPS = {
    'space_only': (Step('frame', 'main'), ),
    'joint_space_time': (Step('all', 'main'), ),
    'divided_space_time': (Step('time', 'temporal'), Step('frame', 'main')),
    'sparse_local_global': (Step('local', 'main'),
                            Step('global', 'global')),
    'axial': (Step('time', 'temporal'), Step('width', 'main'),
              Step('height', 'height')),
}
SCHEMES = tuple(STEPS)
# attention set -> the attributes of its norm, attention and output fc
# (None: the main set has none); the names are the release's state-dict keys
SET_MODULES = {
    'main': ('norm1', 'attn', None),
    'temporal': ('temporal_norm1', 'temporal_attn', 'temporal_fc'),
    'global': ('global_norm1', 'global_attn', 'global_fc'),
    'height': ('height_norm1', 'height_attn', 'height_fc'),
}
# the sets besides the main one, each with a zero-initialised fc
EXTRA_SETS = {scheme: tuple(step.attention_set for step in steps
                            if step.attention_set != 'main')
              for scheme, steps in STEPS.items()}


class AttentionSet(NamedTuple):
    """The modules of one attention set of a block."""
    norm: nn.LayerNorm
    attn: SelfAttention
    fc: Optional[nn.Linear]


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
    patches = fold_time(tokens[:, 1:].reshape(b, h * w, t, dim))
    cls = tokens[:, :1].expand(b, t, dim).reshape(b * t, 1, dim)
    return torch.cat([cls, patches], dim=1)


class Mlp(nn.Sequential):
    """fc1, GELU, fc2 (ViT's MLP)."""

    def __init__(self, dim: int, hidden: int):
        super().__init__(OrderedDict(fc1=nn.Linear(dim, hidden),
                                     act=nn.GELU(),
                                     fc2=nn.Linear(hidden, dim)))


class TimeSformerBlock(AttentionRecording, nn.Module):
    """One block of ``scheme``: its attention steps (``STEPS``), then the
    MLP. Under ``record_attention`` every step records the weights it used
    (``AttentionRecord``: step = its relation, and its set and layout).

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
        for name in ('main', ) + EXTRA_SETS[scheme]:
            norm, attn, fc = SET_MODULES[name]
            self.add_module(norm, nn.LayerNorm(dim, eps=eps))
            self.add_module(attn, SelfAttention(dim, num_heads))
            if fc is not None:
                self.add_module(fc, nn.Linear(dim, dim))
        self.drop_path = DropPath(drop_path) if drop_path > 0 else \
            nn.Identity()
        self.norm2 = nn.LayerNorm(dim, eps=eps)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))

    def attention_set(self, name: str) -> AttentionSet:
        """The norm, attention and fc of set ``name`` (``SET_MODULES``)."""
        norm, attn, fc = SET_MODULES[name]
        return AttentionSet(getattr(self, norm), getattr(self, attn),
                            None if fc is None else getattr(self, fc))

    def _attend(self, step: Step, x: torch.Tensor, grid: Grid, layout: str,
                groups: Optional[torch.Tensor] = None,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Norm, attention (all tokens, masked or within ``groups``),
        drop-path, then the set's fc; the weights recorded on request."""
        norm, attn, fc = self.attention_set(step.attention_set)
        record = self.attention_records is not None
        out = attn(norm(x), mask, record) if groups is None else \
            attn.grouped(norm(x), groups, record)
        if record:
            out, weights = out
            self.attention_records.append(AttentionRecord(
                weights, step.relation, layout, grid,
                attention_set=step.attention_set))
        out = self.drop_path(out)
        return out if fc is None else fc(out)

    def _time_per_location(self, step: Step, x: torch.Tensor,
                           grid: Grid) -> torch.Tensor:
        # patches [B, h w T, D] -> [B h w, T, D]: attention along time; the
        # cls token is left as it is
        b, _, dim = x.shape
        patches = x[:, 1:].reshape(-1, grid[0], dim)
        out = self._attend(step, patches, grid, 'locations')
        return torch.cat([x.new_zeros(b, 1, dim), out.reshape(b, -1, dim)],
                         dim=1)

    def _frame_with_cls(self, step: Step, x: torch.Tensor,
                        grid: Grid) -> torch.Tensor:
        # [B, 1 + h w T, D] -> frames [B T, 1 + h w, D], cls per frame
        t, h, w = grid
        b, _, dim = x.shape
        out = self._attend(step, frames_with_cls(x, grid), grid, 'frames')
        cls_out = out[:, 0].reshape(b, t, dim).mean(dim=1, keepdim=True)
        patch_out = unfold_time(out[:, 1:], t)  # [B, h w, T, D]
        return torch.cat([cls_out, patch_out.reshape(b, -1, dim)], dim=1)

    def residual(self, step: Step, x: torch.Tensor,
                 grid: Grid) -> torch.Tensor:
        """``step``'s residual update of the tokens ``x`` (drop-path and
        the set's fc applied)."""
        if self.scheme == 'space_only':  # the tokens are frames already
            return self._attend(step, x, grid, 'frames')
        if step.relation == 'all':
            return self._attend(step, x, grid, 'tokens')
        if self.scheme == 'divided_space_time':
            divided = self._time_per_location if step.relation == 'time' \
                else self._frame_with_cls
            return divided(step, x, grid)
        # restricted: gathered groups, else a mask
        groups, mask = attention_plan(step.relation, grid, x.device)
        return self._attend(step, x, grid, 'tokens', groups, mask)

    def steps(self, grid: Grid) -> List[Callable]:
        """The attention steps as functions of the tokens, each returning
        its residual update."""
        return [functools.partial(self.residual, step, grid=grid)
                for step in STEPS[self.scheme]]

    def forward(self, x: torch.Tensor, grid: Grid) -> torch.Tensor:
        # [B, 1 + h w T, D] (space-only: [B T, 1 + h w, D]) -> same
        for step in STEPS[self.scheme]:
            x = x + self.residual(step, x, grid)
        return x + self.drop_path(self.mlp(self.norm2(x)))


@MODELS.register_module()
class TimeSformerViT(BaseModule):
    """TimeSformer's ViT backbone (Bertasius et al., ICML 2021): patch
    and space-time embeddings, blocks of one attention scheme (Sec. 3),
    and the final norm; returns the cls feature.

    Args:
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
        check_choice('TimeSformerViT', 'attention_type', attention_type,
                     SCHEMES)
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
            for name in EXTRA_SETS[self.attention_type]:
                fc = block.attention_set(name).fc
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
        frames = self.patch_embed(fold_time(x))  # [B T, D, h, w]
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
        patches = unfold_time(patches, t)
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
