"""Run any 2D backbone on every frame of a clip, time folded into the batch
(the per-frame towers with shared weights of Ng et al., CVPR 2015, and of
the two-stream nets)."""
import torch
from mmengine.model import BaseModule

from mmaction.registry import MODELS

from ..layers import fold_time, unfold_time


@MODELS.register_module()
class FramewiseBackbone(BaseModule):
    """(N, C, T, H, W) -> 2D backbone on (N * T, C, H, W) ->
    (N, C', T, H', W').

    Args:
        backbone: Config of the 2D backbone (e.g. MMAction2's ``ResNet``);
            its output is a (N * T, C', H', W') map or a tuple whose last
            entry is.
    """

    def __init__(self, backbone: dict, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, C, T, H, W] -> [N * T, C, H, W]
        out = self.backbone(fold_time(x))
        if isinstance(out, (tuple, list)):
            out = out[-1]
        # [N * T, C', H', W'] -> [N, C', T, H', W']
        return unfold_time(out, x.shape[2])
