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

Towers: ``CNNM2048`` (VGG-M-2048, the ablations) and ``VGG16Tower`` (the
final architecture); they expose ``features`` (ending with pool5),
``classifier`` (fc6, fc7), ``fusion_points`` and ``check_input``.
"""
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from mmengine.model import BaseModel
from torch import nn

from mmaction.registry import MODELS

from ..fusion.spatial import frames_first
from ..fusion.temporal import FramewiseMaxPool2D, SpatiotemporalMaxPool3D

FC_POINTS = {'fc6': 4, 'fc7': 7}  # positions in the towers' classifier
POOLINGS = ('2d', '3d')
TOWERS = ('spatial', 'temporal')


def widened(old: nn.Module, factor: int) -> Optional[nn.Module]:
    """``old`` rebuilt with ``factor`` times its input width, or None when
    it is not a conv / linear layer."""
    if isinstance(old, nn.Conv2d):
        return nn.Conv2d(old.in_channels * factor, old.out_channels,
                         old.kernel_size, old.stride, old.padding)
    if isinstance(old, nn.Linear):
        return nn.Linear(old.in_features * factor, old.out_features)
    return None


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
        if pooling not in POOLINGS:
            raise ValueError(f'TwoStreamFusionRecognizer: pooling='
                             f'{pooling!r}; expected one of {POOLINGS}')
        self.spatial = MODELS.build(spatial_backbone)
        self.temporal = MODELS.build(temporal_backbone)
        self.fusion_layer = fusion_layer
        self.split = self._split_index(fusion_layer)
        self.pool_index = len(self.spatial.features) - 1
        pool5 = self.spatial.features[-1]
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

    def _freeze_below(self, layer: Optional[str],
                      towers: Tuple[str, ...]) -> None:
        """No gradient for ``layer`` and every layer below it in
        ``towers`` (the release's ``backpropDepth``)."""
        if layer is None:
            return
        points = self.spatial.fusion_points
        if layer not in points:
            raise ValueError(f'TwoStreamFusionRecognizer: backprop_depth='
                             f'{layer!r}; expected None or one of '
                             f'{sorted(points)}')
        if points[layer] > self.split:
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
            tower = getattr(self, name)
            tower.features[:tower.fusion_points[layer]].requires_grad_(False)

    def _split_index(self, layer: str) -> int:
        points = dict(self.spatial.fusion_points)
        points.update({name: len(self.spatial.features) + index
                       for name, index in FC_POINTS.items()})
        points['softmax'] = 0
        if layer not in points:
            raise ValueError(f'TwoStreamFusionRecognizer: fusion_layer='
                             f'{layer!r}; expected one of {sorted(points)}')
        return points[layer]

    def _build_fusion(self, fusion: Optional[dict]) -> Optional[nn.Module]:
        if self.fusion_layer == 'softmax':
            if fusion is not None:
                raise ValueError("fusion_layer='softmax' averages the towers' "
                                 'scores; drop the fusion module')
            return None
        if fusion is None:
            raise ValueError(f'fusion_layer={self.fusion_layer!r} needs a '
                             'fusion module config (fusion=dict(type=...))')
        module = MODELS.build(fusion)
        self._check_fusion_channels(module)
        if module.channel_factor != 1 and not module.vector_output:
            self._widen_after_split(module.channel_factor)
        return module

    def _check_fusion_channels(self, module: nn.Module) -> None:
        """A fusion conv built for C channels per stream must meet the
        towers' C at the fusion point (the last conv before it)."""
        conv = getattr(module, 'conv', None)
        convs = [m for m in self._layers(self.spatial)[:self.split]
                 if isinstance(m, (nn.Conv2d, nn.Conv3d))]
        if conv is None or not convs:
            return
        tower = convs[-1].out_channels
        if conv.in_channels != 2 * tower:
            raise ValueError(
                f'TwoStreamFusionRecognizer: {type(module).__name__} was '
                f'built for {conv.in_channels // 2} channels per stream, but '
                f'the towers have {tower} at fusion_layer='
                f'{self.fusion_layer!r}; set its channels={tower}')

    def _widen_after_split(self, factor: int) -> None:
        """The first conv / linear after the fusion point takes the
        concatenated channels (at fc7 that is the head: set its
        in_channels)."""
        for flat_index in range(self.split, len(self._layers(self.spatial))):
            container, index = self._locate(flat_index)
            new = widened(container[index], factor)
            if new is not None:
                container[index] = new
                return

    def _locate(self, flat_index: int) -> Tuple[nn.Sequential, int]:
        features = len(self.spatial.features)
        if flat_index < features:
            return self.spatial.features, flat_index
        return self.spatial.classifier, flat_index - features

    def _cut_temporal_tower(self) -> None:
        features = len(self.temporal.features)
        if self.split <= features:
            self.temporal.features = self.temporal.features[:self.split]
            self.temporal.classifier = nn.Sequential()
        else:
            self.temporal.classifier = self.temporal.classifier[:self.split -
                                                                features]

    @staticmethod
    def _layers(tower: nn.Module) -> List[nn.Module]:
        return list(tower.features) + list(tower.classifier)

    def _run(self, layers: List[nn.Module], x: torch.Tensor, start: int,
             num_frames: int) -> Tuple[torch.Tensor, int]:
        """Layers [start, end) on frames-first x, pool5 replaced by the
        configured pooling when it comes after the fusion point; returns the
        output and the number of time positions left."""
        if start > self.pool_index:
            return nn.Sequential(*layers[start:])(x), num_frames
        x = nn.Sequential(*layers[start:self.pool_index])(x)
        # [B * T, C, H, W] -> [B, C, T, H, W] -> pool -> frames first again
        video = x.reshape((-1, num_frames) + x.shape[1:]).transpose(1, 2)
        pooled = self.pooling(video)
        num_frames = pooled.shape[2]
        x = frames_first(pooled)
        return nn.Sequential(*layers[self.pool_index + 1:])(x), num_frames

    def extract_feat(self, inputs: Dict[str, torch.Tensor]) -> dict:
        """Features per time position for both heads."""
        rgb, flow = inputs['rgb'], inputs['flow']
        # [N, clips, C, T, H, W] -> [N * clips, C, T, H, W] -> frames first
        rgb, flow = rgb.flatten(0, 1), flow.flatten(0, 1)
        batch, num_frames = rgb.shape[0], rgb.shape[2]
        spatial_layers = self._layers(self.spatial)
        temporal_layers = self._layers(self.temporal)
        s = self.spatial.check_input(frames_first(rgb))
        t = self.temporal.check_input(frames_first(flow))
        s = nn.Sequential(*spatial_layers[:self.split])(s)
        t = nn.Sequential(*temporal_layers[:self.split])(t)
        out = dict(batch=batch)
        if self.temporal_head is not None:
            out['temporal'] = self._run(temporal_layers, t, self.split,
                                        num_frames)
        if self.fusion is not None:
            fused = self.fusion(self._video(s, batch, num_frames),
                                self._video(t, batch, num_frames))
            if self.fusion.vector_output:  # [B, D, T]: straight to fc8
                out['fused'] = (fused.transpose(1, 2).flatten(0, 1),
                                num_frames)
                return out
            s = frames_first(fused) if fused.dim() == 5 else fused
            s = s.flatten(1) if self.split > self.pool_index else s
        out['fused'] = self._run(spatial_layers, s, self.split, num_frames)
        return out

    @staticmethod
    def _video(x: torch.Tensor, batch: int, num_frames: int) -> torch.Tensor:
        """[B * T, C(, H, W)] -> [B, C, T, H, W] (vectors as 1x1 maps)."""
        if x.dim() == 2:
            x = x[:, :, None, None]
        return x.reshape((batch, num_frames) + x.shape[1:]).transpose(1, 2)

    def scores(self, feats: dict) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
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
