"""Multi-head self-attention through ``F.scaled_dot_product_attention`` (the
ViT layout of TimeSformer's release: ``qkv`` with bias, then ``proj``)."""
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

    def weights(self, x: torch.Tensor,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """The softmax attention weights [B, heads, L, L] (for display)."""
        q, k, _ = self._qkv(x)
        logits = q @ k.transpose(-2, -1) * q.shape[-1]**-0.5
        if mask is not None:
            logits = logits.masked_fill(~mask, float('-inf'))
        return logits.softmax(dim=-1)
