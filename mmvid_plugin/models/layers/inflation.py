"""2D -> 3D inflation (Carreira & Zisserman, CVPR 2017, Sec. 2.4): a 3D
filter of temporal extent T starts as the 2D filter repeated T times and
divided by T ('mean'), so a "boring" video of one repeated image gives the
2D net's activations; 'center' puts the 2D filter at the central time tap
(zeros elsewhere), with the same fixed point. The rule is the paper's as
recalled; the kinetics-i3d README says its ImageNet checkpoints were
"initialized by bootstrapping the filters from a 2D Inception-v1 model
into 3D", and video-nonlocal-net ``lib/utils/checkpoints.py`` repeats the
2D weights along time and divides by their number, as 'mean' does.
"""
from typing import Callable, Dict, List, Optional, Tuple

import torch

INFLATION_METHODS = ('mean', 'center')


def inflate_weight(weight: torch.Tensor, time: int,
                   method: str = 'mean') -> torch.Tensor:
    """(O, I, kh, kw) or (O, I, 1, kh, kw) -> (O, I, time, kh, kw)."""
    if method not in INFLATION_METHODS:
        raise ValueError(f'inflate_weight: method={method!r}; expected one '
                         f'of {INFLATION_METHODS}')
    if weight.dim() == 5:
        if weight.shape[2] != 1:
            raise ValueError('inflate_weight: the 2D weight has temporal '
                             f'extent {weight.shape[2]}; expected 1')
        weight = weight[:, :, 0]
    if method == 'mean':
        return weight.unsqueeze(2).repeat(1, 1, time, 1, 1) / time
    inflated = weight.new_zeros(weight.shape[:2] + (time, ) +
                                weight.shape[2:])
    inflated[:, :, time // 2] = weight
    return inflated


def inflate_state_dict(
    state_2d: Dict[str, torch.Tensor],
    target: Dict[str, torch.Tensor],
    key_map: Optional[Callable[[str], Optional[str]]] = None,
    method: str = 'mean',
) -> Tuple[Dict[str, torch.Tensor], List[str], List[str]]:
    """Fill ``target``'s keys from a 2D state dict.

    Args:
        state_2d: The 2D network's state dict.
        target: The 3D network's state dict (shapes to produce).
        key_map: 3D key -> 2D key (None: no source); identity by default.
        method: 'mean' or 'center' for inflated conv weights.

    Returns:
        (state dict for ``load_state_dict``, 3D keys without a source,
        2D keys not used).
    """
    key_map = key_map or (lambda key: key)
    result, missing, used = {}, [], set()
    for key, like in target.items():
        source_key = key_map(key)
        if source_key is None or source_key not in state_2d:
            missing.append(key)
            continue
        source = state_2d[source_key]
        used.add(source_key)
        if source.shape == like.shape:
            result[key] = source.clone()
        elif like.dim() == 5 and source.dim() in (4, 5) and \
                source.shape[:2] == like.shape[:2] and \
                source.shape[-2:] == like.shape[-2:]:
            result[key] = inflate_weight(source, like.shape[2], method)
        else:
            raise ValueError(
                f'cannot inflate {source_key!r} {tuple(source.shape)} into '
                f'{key!r} {tuple(like.shape)}')
    unused = [k for k in state_2d if k not in used]
    return result, missing, unused
