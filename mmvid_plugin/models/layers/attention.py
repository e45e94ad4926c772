"""Multi-head self-attention through ``F.scaled_dot_product_attention`` (the
ViT layout of TimeSformer's release: ``qkv`` with bias, then ``proj``),
over all tokens, under a boolean mask, or within groups of tokens; and
the recording of the attention weights that a forward used, as HF
transformers' ``output_attentions`` (``record_attention``)."""
import contextlib
from typing import (Dict, Iterator, List, NamedTuple, Optional, Tuple,
                    Union)

import torch
import torch.nn.functional as F
from torch import nn

Grid = Tuple[int, int, int]  # (T, H, W)


class AttentionRecord(NamedTuple):
    """The attention weights that a module used in one forward call.

    Attributes:
        weights: ``SelfAttention``'s softmax weights [B, heads, L, L] over
            the tokens of its input sequences (zero outside a restricted
            step's groups); a non-local block's affinity [N, P, Q] of its
            P query positions over its Q (pooled) key positions.
        step: Which attention of the module ran (TimeSformer: the relation,
            e.g. 'time', 'frame', 'width'; non-local: its mode).
        layout: What the rows and columns are. TimeSformer: 'tokens'
            (the clip's [B, 1 + h w T]: cls + patches, time fastest),
            'frames' ([B T, 1 + h w]: one frame and a cls token) or
            'locations' ([B h w, T]: one location's patches over time);
            non-local: 'positions' (T H W of the input, row major).
        grid: (T, h, w) of the patches; non-local: of the queries.
        key_grid: (T, h', w') of the keys where it differs from ``grid``
            (non-local's pooled keys), else None.
        attention_set: TimeSformer's set of modules that ran the step
            ('main', 'temporal', 'global', 'height'); '' elsewhere.
    """
    weights: torch.Tensor
    step: str
    layout: str
    grid: Grid
    key_grid: Optional[Grid] = None
    attention_set: str = ''


class AttentionRecording:
    """Marks a module whose forward can record its attention weights:
    ``attention_records`` is None (recording off, the default, at no cost)
    or the list that ``record_attention`` appends its records to."""
    attention_records: Optional[List[AttentionRecord]] = None


@contextlib.contextmanager
def record_attention(
        model: nn.Module) -> Iterator[Dict[str, List[AttentionRecord]]]:
    """Switch recording on in every ``AttentionRecording`` module of
    ``model`` (``model`` included) for the ``with`` block.

        with record_attention(model) as records:
            model(clip)
        records['blocks.11']  # [AttentionRecord, ...] in forward order

    Yields ``{module name: records}`` (name '' for ``model`` itself)."""
    modules = [(name, module) for name, module in model.named_modules()
               if isinstance(module, AttentionRecording)]
    records = {name: [] for name, _ in modules}
    for name, module in modules:
        module.attention_records = records[name]
    try:
        yield records
    finally:
        for _, module in modules:
            module.attention_records = None


def attend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
           mask: Optional[torch.Tensor] = None, need_weights: bool = False
           ) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
    """softmax(q k^T / sqrt(d)) v: through SDPA (weights None), or with
    ``need_weights`` from the weights computed explicitly (and returned).
    q [..., Lq, d], k and v [..., Lk, d]; mask [Lq, Lk], True = allowed."""
    if not need_weights:
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask), None
    logits = q @ k.transpose(-2, -1) * q.shape[-1]**-0.5
    if mask is not None:
        logits = logits.masked_fill(~mask, float('-inf'))
    weights = logits.softmax(dim=-1)
    return weights @ v, weights


Output = Union[torch.Tensor, Tuple[torch.Tensor, torch.Tensor]]


class SelfAttention(nn.Module):
    """Multi-head self-attention; with ``need_weights`` a call returns
    (output, weights [B, heads, L, L]), the output computed from exactly
    those weights.

    Args:
        dim: Token width D.
        num_heads: Heads (D must divide).
        qkv_bias: Bias on the q, k, v projection (True in ViT-B).
    """

    def __init__(self, dim: int, num_heads: int, qkv_bias: bool = True):
        super().__init__()
        if dim % num_heads:
            raise ValueError(f'SelfAttention: dim={dim} is not divisible by '
                             f'num_heads={num_heads}')
        self.num_heads = num_heads
        self.qkv = nn.Linear(dim, 3 * dim, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def _qkv(self, x: torch.Tensor):
        b, length, dim = x.shape
        qkv = self.qkv(x).view(b, length, 3, self.num_heads,
                               dim // self.num_heads)
        return qkv.permute(2, 0, 3, 1, 4)  # 3 x [B, heads, L, d]

    def _project(self, out: torch.Tensor) -> torch.Tensor:
        # [B, heads, L, d] -> [B, L, D]
        return self.proj(out.transpose(1, 2).flatten(2))

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None,
                need_weights: bool = False) -> Output:
        # [B, L, D] -> [B, L, D]; mask [L, L], True where attention is allowed
        q, k, v = self._qkv(x)
        out, weights = attend(q, k, v, mask, need_weights)
        return (self._project(out), weights) if need_weights else \
            self._project(out)

    def grouped(self, x: torch.Tensor, groups: torch.Tensor,
                need_weights: bool = False) -> Output:
        """Attention in which token 0 (a cls token) sees every token and
        token ``1 + i`` sees token 0 and the tokens ``1 + j`` of its group
        (``groups``: [G, S] indices into tokens 1..L, each once): the masked
        forward's result, with S + 1 keys per query instead of 1 + L. The
        weights (``need_weights``) are scattered into [B, heads, 1 + L,
        1 + L], zero outside the groups."""
        q, k, v = self._qkv(x)  # [B, heads, 1 + L, d]
        index = groups.flatten() + 1
        num_groups, size = groups.shape

        def in_groups(t: torch.Tensor) -> torch.Tensor:
            return t[:, :, index].unflatten(2, (num_groups, size))

        def with_cls(t: torch.Tensor) -> torch.Tensor:
            cls = t[:, :, :1, None].expand(-1, -1, num_groups, -1, -1)
            return torch.cat([cls, in_groups(t)], dim=3).flatten(1, 2)

        # groups folded into the batch: [B, heads G, S (+ 1), d]; 4-D inputs
        # keep SDPA on its fused CPU kernel (5-D ones fall back to the math
        # path, about 3x slower)
        patches, patch_weights = attend(in_groups(q).flatten(1, 2),
                                        with_cls(k), with_cls(v),
                                        need_weights=need_weights)
        patches = patches.unflatten(1, (-1, num_groups)).flatten(2, 3)
        out = q.new_empty(q.shape)  # [B, heads, 1 + L, d], token order
        out[:, :, :1], cls_weights = attend(q[:, :, :1], k, v,
                                            need_weights=need_weights)
        out[:, :, index] = patches
        if not need_weights:
            return self._project(out)
        weights = q.new_zeros(*q.shape[:3], q.shape[2])
        weights[:, :, :1] = cls_weights
        rows = groups[:, :, None] + 1  # [G, S, 1] query tokens
        keys = F.pad(groups + 1, (1, 0))[:, None]  # [G, 1, 1 + S]: cls first
        weights[:, :, rows, keys] = patch_weights.unflatten(
            1, (-1, num_groups))  # [B, heads, G, S, 1 + S]
        return self._project(out), weights
