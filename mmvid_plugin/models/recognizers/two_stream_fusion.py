"""The two-tower fused network of Feichtenhofer et al., "Convolutional
Two-Stream Network Fusion for Video Action Recognition", CVPR 2016
(Sec. 3-4, Fig. 2 and 4).

Both towers run frame by frame (time folded into the batch) up to the
fusion layer; a fusion module merges the temporal tower into the spatial
one; the spatial tower continues on the fused maps, its pool5 replaced by
2D or 3D pooling; the temporal tower is either cut at the fusion layer or
kept (with the same pooling) and trained with its own loss, its class
scores added to the fused tower's at test (late fusion at fc8; averaging
the two is ours). The paper's final architecture: 3D conv fusion at ReLU5 +
3D pooling + kept temporal tower, two losses (the release's
``cnn_ucf101_fusion.m``: ``addConv3D = 1``, ``addPool3D = 1``,
``fusionLayer = {'relu5_3', 'relu5_3'}``, ``removeFuseFrom = 0``).

Towers are ``FusionTower`` s (``CNNM2048``, VGG-M-2048, the ablations;
``VGG16Tower``, the final architecture): the fusion layer names the tower
layer it cuts after, and the fusion module's ``channels`` are read from the
tower there.
"""
import inspect
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from mmengine.model import BaseModel
from torch import nn

from mmaction.registry import MODELS

from ...utils import check_choice
from ..backbones.fusion_tower import FusionTower
from ..fusion.temporal import FramewiseMaxPool2D, SpatiotemporalMaxPool3D
from ..layers import fold_time, unfold_time

POOLINGS = ('2d', '3d')
TOWERS = ('spatial', 'temporal')


@MODELS.register_module()
class TwoStreamFusionRecognizer(BaseModel):
    """RGB + flow towers fused at one layer, trained with a spatiotemporal
    loss and, with a kept temporal tower, a temporal loss.

    Inputs: ``dict(rgb=(N, clips, 3, T, H, W), flow=(N, clips, 2L, T, H,
    W))`` with aligned time positions (``MultiModalDataPreprocessor``).

    Args:
        spatial_backbone: Config of the RGB tower.
        temporal_backbone: Config of the flow tower.
        cls_head: Head on the fused tower's features (fc8); it averages the
            scores of the T' time positions left after pooling.
        fusion_layer: 'relu1'..'relu5' (after that conv's ReLU), 'fc6',
            'fc7', or 'softmax' (no fusion: two full towers, scores
            averaged, Simonyan & Zisserman).
        fusion: Config of the fusion module (``SumFusion``, ``MaxFusion``,
            ``ConcatFusion``, ``ConvFusion``, ``BilinearFusion``,
            ``Conv3DFusion``); not used with 'softmax'.
        pooling: What replaces pool5 after the fusion point: '2d' (per
            frame) or '3d' (whole clip in time, as the official code).
        temporal_head: Head of the temporal tower. Given, the tower is kept
            after the fusion point and adds its loss; None cuts it there.
        temporal_loss_weight: Weight of the temporal tower's loss.
        backprop_depth: None (default): both losses train both towers end
            to end. A layer 'relu1'..'relu5' at or below ``fusion_layer``:
            the backward pass stops there, so that layer's conv and every
            layer below it are frozen (``requires_grad=False``), as the
            release's ``opts.train.backpropDepth = 'relu5_3_spatial'``
            (``cnn_ucf101_fusion.m``). Its DagNN ``eval.m``
            (feichtenhofer/matconvnet) ends the whole backward loop at
            that layer, so every layer run before it gets no gradient;
            MatConvNet's ``rebuild.m`` orders layers by their longest path
            to an output (ties in index order), which with two towers of
            equal depth puts the temporal tower's layers up to relu5_3
            before relu5_3_spatial: they are frozen too. That ordering is
            read from upstream MatConvNet, not run.
        backprop_depth_towers: The towers ``backprop_depth`` freezes
            (('spatial', 'temporal') as read above; ('spatial', ) stops
            only the spatial tower).
        data_preprocessor: Usually ``MultiModalDataPreprocessor`` with one
            ``ActionDataPreprocessor`` (format_shape 'NCTHW') per modality.

    Raises:
        ValueError: an unknown pooling, fusion layer, backprop depth or
            tower, a fusion module missing or given where none is used,
            or a backprop depth above the fusion layer.
    """

    def __init__(self,
                 spatial_backbone: dict,
                 temporal_backbone: dict,
                 cls_head: dict,
                 fusion_layer: str = 'relu5',
                 fusion: Optional[dict] = None,
                 pooling: str = '3d',
                 temporal_head: Optional[dict] = None,
                 temporal_loss_weight: float = 1.0,
                 backprop_depth: Optional[str] = None,
                 backprop_depth_towers: Sequence[str] = TOWERS,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg=None):
        if isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        check_choice('TwoStreamFusionRecognizer', 'pooling', pooling,
                     POOLINGS)
        self.spatial = self._build_tower('spatial_backbone',
                                         spatial_backbone)
        self.temporal = self._build_tower('temporal_backbone',
                                          temporal_backbone)
        self.fusion_layer = fusion_layer
        self.split = self._split_index(fusion_layer)
        pool5 = self.spatial.layer('pool5')
        self.pool_index = self.spatial.layers().index(pool5)
        pool_type = (FramewiseMaxPool2D
                     if pooling == '2d' else SpatiotemporalMaxPool3D)
        self.pooling = pool_type(pool5.kernel_size, pool5.stride,
                                 pool5.ceil_mode)
        self.fusion = self._build_fusion(fusion)
        if temporal_head is None:
            if self.fusion is None:
                raise ValueError('TwoStreamFusionRecognizer: '
                                 "fusion_layer='softmax' needs temporal_head")
            self._cut_temporal_tower()
        self.cls_head = MODELS.build(cls_head)
        self.temporal_head = (MODELS.build(temporal_head)
                              if temporal_head is not None else None)
        self.temporal_loss_weight = temporal_loss_weight
        self.backprop_depth = backprop_depth
        self._freeze_below(backprop_depth, tuple(backprop_depth_towers))

    @staticmethod
    def _build_tower(key: str, cfg: dict) -> FusionTower:
        tower = MODELS.build(cfg)
        if not isinstance(tower, FusionTower):
            raise TypeError(f'TwoStreamFusionRecognizer: {key} '
                            f'{type(tower).__name__} is no FusionTower; '
                            'expected a tower with named cut points '
                            '(CNNM2048, VGG16Tower)')
        return tower

    def _freeze_below(self, layer: Optional[str],
                      towers: Tuple[str, ...]) -> None:
        """No gradient for ``layer`` and every layer below it in
        ``towers`` (the release's ``backpropDepth``)."""
        if layer is None:
            return
        points = self.spatial.fusion_layers(maps_only=True)
        if layer not in points:
            raise ValueError(f'TwoStreamFusionRecognizer: backprop_depth='
                             f'{layer!r}; expected None or one of '
                             f'{sorted(points)}')
        if self.spatial.cut_index(layer) > self.split:
            raise ValueError(f'TwoStreamFusionRecognizer: backprop_depth='
                             f'{layer!r} lies above fusion_layer='
                             f'{self.fusion_layer!r}; expected a layer at '
                             'or below the fusion point')
        unknown = sorted(set(towers) - set(TOWERS))
        if unknown or not towers:
            raise ValueError(f'TwoStreamFusionRecognizer: '
                             f'backprop_depth_towers={towers!r}; expected '
                             f'a non-empty subset of {TOWERS}')
        for name in towers:
            getattr(self, name).freeze_through(layer)

    def _split_index(self, layer: str) -> int:
        """Position in the towers' layers just after the fusion layer
        (0 for 'softmax': no fusion)."""
        points = self.spatial.fusion_layers() + ['softmax']
        if layer not in points:
            raise ValueError(f'TwoStreamFusionRecognizer: fusion_layer='
                             f'{layer!r}; expected one of {sorted(points)}')
        if layer == 'softmax':
            return 0
        split = self.spatial.cut_index(layer)
        if self.temporal.cut_index(layer) != split:
            raise ValueError(f'TwoStreamFusionRecognizer: fusion_layer='
                             f'{layer!r} cuts the spatial and temporal '
                             'towers at different depths; expected towers '
                             'of one architecture')
        return split

    def _build_fusion(self, fusion: Optional[dict]) -> Optional[nn.Module]:
        if self.fusion_layer == 'softmax':
            if fusion is not None:
                raise ValueError("fusion_layer='softmax' averages the towers' "
                                 'scores; drop the fusion module')
            return None
        if fusion is None:
            raise ValueError(f'fusion_layer={self.fusion_layer!r} needs a '
                             'fusion module config (fusion=dict(type=...))')
        module = MODELS.build(self._with_tower_channels(fusion))
        if module.channel_factor != 1 and not module.vector_output:
            # at fc7 no layer follows: the head takes the widened input
            self.spatial.widen_after(self.fusion_layer,
                                     module.channel_factor)
        return module

    def _with_tower_channels(self, fusion: dict) -> dict:
        """``fusion`` with ``channels`` (C per stream) read from the towers
        at the fusion layer when its module takes them; a given value must
        match."""
        fusion = dict(fusion)
        module_type = fusion.get('type')
        if isinstance(module_type, str):
            module_type = MODELS.get(module_type)  # None: build says why
        if module_type is None or 'channels' not in inspect.signature(
                module_type).parameters:
            return fusion
        tower = self.spatial.channels_at(self.fusion_layer)
        given = fusion.setdefault('channels', tower)
        if given != tower:
            raise ValueError(
                f'TwoStreamFusionRecognizer: {fusion["type"]} was built for '
                f'{given} channels per stream, but the towers have {tower} '
                f'at fusion_layer={self.fusion_layer!r}; set its '
                f'channels={tower} or leave it out')
        return fusion

    def _cut_temporal_tower(self) -> None:
        self.temporal.drop_after(self.fusion_layer)

    def _run(self, layers: List[nn.Module], x: torch.Tensor, start: int,
             num_frames: int) -> Tuple[torch.Tensor, int]:
        """Layers [start, end) on frames-first x, pool5 replaced by the
        configured pooling when it comes after the fusion point; returns the
        output and the number of time positions left."""
        if start > self.pool_index:
            return nn.Sequential(*layers[start:])(x), num_frames
        x = nn.Sequential(*layers[start:self.pool_index])(x)
        # [B * T, C, H, W] -> [B, C, T, H, W] -> pool -> frames first again
        pooled = self.pooling(unfold_time(x, num_frames))
        num_frames = pooled.shape[2]
        x = fold_time(pooled)
        return nn.Sequential(*layers[self.pool_index + 1:])(x), num_frames

    def extract_feat(self, inputs: Dict[str, torch.Tensor]) -> dict:
        """Features per time position for both heads."""
        rgb, flow = inputs['rgb'], inputs['flow']
        # [N, clips, C, T, H, W] -> [N * clips, C, T, H, W] -> frames first
        rgb, flow = rgb.flatten(0, 1), flow.flatten(0, 1)
        batch, num_frames = rgb.shape[0], rgb.shape[2]
        spatial_layers = self.spatial.layers()
        temporal_layers = self.temporal.layers()
        s, t = fold_time(rgb), fold_time(flow)
        self.spatial.check_input(s)
        self.temporal.check_input(t)
        s = self.spatial.remove_mean_flow(s)
        t = self.temporal.remove_mean_flow(t)
        s = nn.Sequential(*spatial_layers[:self.split])(s)
        t = nn.Sequential(*temporal_layers[:self.split])(t)
        out = dict(batch=batch)
        if self.temporal_head is not None:
            out['temporal'] = self._run(temporal_layers, t, self.split,
                                        num_frames)
        if self.fusion is not None:
            fused = self.fusion(self._video(s, num_frames),
                                self._video(t, num_frames))
            if self.fusion.vector_output:  # [B, D, T]: straight to fc8
                out['fused'] = (fused.transpose(1, 2).flatten(0, 1),
                                num_frames)
                return out
            s = fold_time(fused) if fused.dim() == 5 else fused
            s = s.flatten(1) if self.split > self.pool_index else s
        out['fused'] = self._run(spatial_layers, s, self.split, num_frames)
        return out

    @staticmethod
    def _video(x: torch.Tensor, num_frames: int) -> torch.Tensor:
        """[B * T, C(, H, W)] -> [B, C, T, H, W] (vectors as 1x1 maps)."""
        if x.dim() == 2:
            x = x[:, :, None, None]
        return unfold_time(x, num_frames)

    def scores(self, feats: dict
               ) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        fused, segs = feats['fused']
        fused_scores = self.cls_head(fused, num_segs=segs)
        temporal_scores = None
        if 'temporal' in feats:
            temporal, segs = feats['temporal']
            temporal_scores = self.temporal_head(temporal, num_segs=segs)
        return fused_scores, temporal_scores

    def forward(self, inputs: Dict[str, torch.Tensor], data_samples=None,
                mode: str = 'tensor'):
        fused, temporal = self.scores(self.extract_feat(inputs))
        if mode == 'loss':
            losses = self.cls_head.loss_by_feat(fused, data_samples)
            if temporal is not None:
                for key, value in self.temporal_head.loss_by_feat(
                        temporal, data_samples).items():
                    if 'loss' in key:
                        value = value * self.temporal_loss_weight
                    losses[f'temporal_{key}'] = value
            return losses
        # late fusion at fc8: the two towers' class scores averaged
        scores = fused if temporal is None else (fused + temporal) / 2
        if mode == 'predict':
            return self.cls_head.predict_by_feat(scores, data_samples)
        if mode == 'tensor':
            return scores
        raise ValueError(f'TwoStreamFusionRecognizer: mode={mode!r}; '
                         "expected 'loss', 'predict' or 'tensor'")
