"""Multi-head self-attention through ``F.scaled_dot_product_attention`` (the
ViT layout of TimeSformer's release: ``qkv`` with bias, then ``proj``),
over all tokens, under a boolean mask, or within groups of tokens."""
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn


class SelfAttention(nn.Module):
    """Args:
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

    def forward(self, x: torch.Tensor,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        # [B, L, D] -> [B, L, D]; mask [L, L], True where attention is allowed
        q, k, v = self._qkv(x)
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.proj(out.transpose(1, 2).flatten(2))

    def grouped(self, x: torch.Tensor, groups: torch.Tensor) -> torch.Tensor:
        """Attention in which token 0 (a cls token) sees every token and
        token ``1 + i`` sees token 0 and the tokens ``1 + j`` of its group
        (``groups``: [G, S] indices into tokens 1..L, each once): the masked
        forward's result, with S + 1 keys per query instead of 1 + L."""
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
        patches = F.scaled_dot_product_attention(
            in_groups(q).flatten(1, 2), with_cls(k), with_cls(v))
        patches = patches.unflatten(1, (-1, num_groups)).flatten(2, 3)
        out = q.new_empty(q.shape)  # [B, heads, 1 + L, d], token order
        out[:, :, :1] = F.scaled_dot_product_attention(q[:, :, :1], k, v)
        out[:, :, index] = patches
        return self.proj(out.transpose(1, 2).flatten(2))

    def weights(self, x: torch.Tensor,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """The softmax attention weights [B, heads, L, L] (for display)."""
        q, k, _ = self._qkv(x)
        logits = q @ k.transpose(-2, -1) * q.shape[-1]**-0.5
        if mask is not None:
            logits = logits.masked_fill(~mask, float('-inf'))
        return logits.softmax(dim=-1)
