"""Two full networks, one per modality, fused by adding their class scores
(two-stream I3D, Carreira & Zisserman 2017, Sec. 2.5: "trained separately,
logits added with equal weight at test"). Training here is joint but the
streams share nothing, so each gets exactly its own loss's gradient."""
from typing import Dict, Optional

import torch
from mmengine.model import BaseModel
from torch import nn

from mmaction.registry import MODELS


@MODELS.register_module()
class LateFusionRecognizer(BaseModel):
    """Inputs ``dict(<stream>=(N, clips, C, T, H, W), ...)``.

    Args:
        streams: ``{name: dict(backbone=..., cls_head=...)}``, names as the
            input keys (e.g. 'rgb', 'flow').
        weights: Test-time weight of each stream's logits (1 each).
        data_preprocessor: Usually ``MultiModalDataPreprocessor``.
    """

    def __init__(self, streams: Dict[str, dict],
                 weights: Optional[Dict[str, float]] = None,
                 data_preprocessor: Optional[dict] = None, init_cfg=None):
        if isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.backbones, self.heads = nn.ModuleDict(), nn.ModuleDict()
        for name, stream in streams.items():
            self.backbones[name] = MODELS.build(stream['backbone'])
            self.heads[name] = MODELS.build(stream['cls_head'])
        self.weights = {name: 1.0 for name in streams}
        self.weights.update(weights or {})

    def stream_scores(self, inputs: Dict[str, torch.Tensor]) -> dict:
        missing = set(self.backbones) - set(inputs)
        if missing:
            raise ValueError(f'LateFusionRecognizer: inputs lack '
                             f'{sorted(missing)}; got {sorted(inputs)}')
        # [N, clips, C, T, H, W] -> [N * clips, ...] -> [N * clips, K]
        return {name: self.heads[name](backbone(inputs[name].flatten(0, 1)))
                for name, backbone in self.backbones.items()}

    def forward(self, inputs: Dict[str, torch.Tensor], data_samples=None,
                mode: str = 'tensor'):
        scores = self.stream_scores(inputs)
        if mode == 'loss':
            losses = {}
            for name, score in scores.items():
                for key, value in self.heads[name].loss_by_feat(
                        score, data_samples).items():
                    losses[f'{name}_{key}'] = value
            return losses
        fused = sum(self.weights[n] * s for n, s in scores.items())
        if mode == 'predict':
            first = next(iter(self.heads.values()))
            return first.predict_by_feat(fused, data_samples)
        if mode == 'tensor':
            return fused
        raise ValueError(f'LateFusionRecognizer: mode={mode!r}; expected '
                         "'loss', 'predict' or 'tensor'")
