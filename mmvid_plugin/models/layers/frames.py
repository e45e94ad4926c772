"""Time folded into the batch and back: how a 2D module runs on every frame
of a clip with shared weights."""
import torch


def fold_time(x: torch.Tensor) -> torch.Tensor:
    """(N, C, T, ...) -> (N * T, C, ...)."""
    return x.transpose(1, 2).flatten(0, 1)


def unfold_time(x: torch.Tensor, num_frames: int) -> torch.Tensor:
    """(N * T, C, ...) -> (N, C, T, ...): the inverse of ``fold_time``."""
    return x.unflatten(0, (-1, num_frames)).transpose(1, 2)
