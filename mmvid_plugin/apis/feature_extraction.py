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


class LayerCapture:
    """The outputs of one module (``named_layer``) during forwards,
    flattened per row (the first of a tuple output)."""

    def __init__(self, model: nn.Module, layer: str):
        self.outputs = []
        module = named_layer(model, layer)
        self.handle = module.register_forward_hook(self.keep)

    def keep(self, module, inputs, output) -> None:
        if isinstance(output, (tuple, list)):
            output = output[0]
        self.outputs.append(output.detach().float().flatten(1))

    def views(self) -> torch.Tensor:
        """[rows, D] captured since the last call (a forward's views)."""
        views = torch.cat(self.outputs)
        self.outputs.clear()
        return views

    def remove(self) -> None:
        self.handle.remove()


def extract_features(model: nn.Module, dataloader, layer: str,
                     average_clips: bool = True,
                     l2_normalize: bool = False) -> Tuple[np.ndarray,
                                                           np.ndarray]:
    """(features [videos, D] or [videos, clips, D], labels [videos])."""
    capture = LayerCapture(model, layer)
    features, labels = [], []
    progress = ProgressLine(len(dataloader.dataset), unit='videos')
    model.eval()
    try:
        with torch.no_grad():
            for batch in dataloader:
                data = model.data_preprocessor(batch, False)
                model(data['inputs'], data['data_samples'], mode='predict')
                samples = data['data_samples']
                views = capture.views()
                clips = views.view(len(samples), -1, views.shape[-1])
                video = clips.mean(dim=1) if average_clips else clips
                if l2_normalize:
                    video = nn.functional.normalize(video, dim=-1)
                features.append(video.cpu().numpy())
                labels += [int(s.gt_label) for s in samples]
                progress.update(len(samples))
    finally:
        capture.remove()
    return np.concatenate(features), np.asarray(labels)


def save_features_atomically(path: str, arrays: Dict[str, np.ndarray]) -> None:
    """Write an .npz next to ``path`` and rename it into place."""
    with atomic_path(path, suffix='.npz') as temp:
        np.savez(temp, **arrays)
