"""Activations of a named layer for every video of a loader, e.g. C3D's fc6
(Tran et al., ICCV 2015, Sec. 4: fc6 averaged over a video's clips, then
L2-normalised, as a generic video descriptor)."""
from typing import Dict, Tuple

import numpy as np
import torch
from torch import nn

from ..utils.atomic import atomic_path
from ..utils.progress import ProgressLine


def named_layer(model: nn.Module, name: str) -> nn.Module:
    modules = dict(model.named_modules())
    if name not in modules:
        close = [n for n in modules if n and n.split('.')[0] ==
                 name.split('.')[0]][:12]
        raise KeyError(f'layer {name!r} is not in the model; layers under '
                       f'{name.split(".")[0]!r} include {close}')
    return modules[name]


def extract_features(model: nn.Module, dataloader, layer: str,
                     average_clips: bool = True,
                     l2_normalize: bool = False) -> Tuple[np.ndarray,
                                                           np.ndarray]:
    """(features [videos, D] or [videos, clips, D], labels [videos])."""
    captured = []
    handle = named_layer(model, layer).register_forward_hook(
        lambda module, inputs, output: captured.append(
            output.detach().flatten(1)))
    features, labels = [], []
    progress = ProgressLine(len(dataloader.dataset), unit='videos')
    model.eval()
    try:
        with torch.no_grad():
            for batch in dataloader:
                captured.clear()
                data = model.data_preprocessor(batch, False)
                model(data['inputs'], data['data_samples'], mode='predict')
                samples = data['data_samples']
                clips = torch.cat(captured).view(len(samples), -1,
                                                 captured[0].shape[-1])
                video = clips.mean(dim=1) if average_clips else clips
                if l2_normalize:
                    video = nn.functional.normalize(video, dim=-1)
                features.append(video.cpu().numpy())
                labels += [int(s.gt_label) for s in samples]
                progress.update(len(samples))
    finally:
        handle.remove()
    return np.concatenate(features), np.asarray(labels)


def save_features_atomically(path: str, arrays: Dict[str, np.ndarray]) -> None:
    """Write an .npz next to ``path`` and rename it into place."""
    with atomic_path(path, suffix='.npz') as temp:
        np.savez(temp, **arrays)
