"""Every backbone family traces into a single graph: ``torch._dynamo``
finds no graph break in a CPU-sized instance, in eval mode and, where it
is cheap, in train mode (batch statistics, dropout, stochastic depth)."""
from typing import Callable, Dict, NamedTuple, Tuple

import pytest
import torch
import torch._dynamo
from mmaction.registry import MODELS
from mmengine.registry import init_default_scope
from torch import nn

import mmvid_plugin  # noqa: F401  (registers the models)

BOTH = ('eval', 'train')
EVAL = ('eval', )
TRAIN = ('train', )
RGB = (2, 3, 8, 32, 32)  # N, C, T, H, W


class Case(NamedTuple):
    build: Callable[[], nn.Module]
    inputs: Callable[[], object]
    modes: Tuple[str, ...] = BOTH
    config: Dict[str, object] = {}


def built(**cfg) -> Callable[[], nn.Module]:
    return lambda: MODELS.build(cfg)


def clip(*shape) -> Callable[[], torch.Tensor]:
    return lambda: torch.randn(*shape)


class FeaturesThen(nn.Module):
    """A frame-wise 2D CNN on 16 frames of 32 px
    (32 x 4 x 4 maps per frame), then a pooling neck or the LSTM head."""

    def __init__(self, top: dict):
        super().__init__()
        self.backbone = MODELS.build(
            dict(type='FramewiseBackbone',
                 backbone=dict(type='TinyFrameConvNet', widths=(8, 16, 32))))
        self.top = MODELS.build(top)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.top(self.backbone(x))
        return out[0] if isinstance(out, tuple) else out  # necks: (x, {})


def snippets(**top) -> Callable[[], nn.Module]:
    return lambda: FeaturesThen(top)


SNIPPET_FRAMES = (2, 3, 16, 32, 32)
NECK = dict(in_channels=32, feature_size=(4, 4), fc_channels=(64, 64))
LSTM = dict(type='LSTMAggregationHead', num_classes=5, in_channels=32,
            hidden_size=32, num_layers=2)


def video_resnet(variant: str, depth: int = 18, **kwargs):
    return built(type='VideoResNet', variant=variant, depth=depth,
                 base_channels=8, **kwargs)


def slowfast(**kwargs):
    return built(type='SlowFastResNet', base_channels=16, alpha=4, **kwargs)


def timesformer(scheme: str):
    return built(type='TimeSformerViT', attention_type=scheme, num_frames=4,
                 img_size=32, patch_size=8, embed_dims=32, depth=1,
                 num_heads=2, drop_path_rate=0.1)


def head(in_channels: int) -> dict:
    return dict(type='SegmentConsensusHead', num_classes=5,
                in_channels=in_channels, spatial_type=None, num_segments=1,
                dropout_ratio=0.0, average_clips='prob')


def two_stream_inputs() -> dict:
    return dict(rgb=torch.randn(2, 1, 3, 3, 64, 64),
                flow=torch.randn(2, 1, 20, 3, 64, 64))


def late_fusion_inputs() -> dict:
    return dict(rgb=torch.randn(2, 1, 3, 8, 32, 32),
                flow=torch.randn(2, 1, 2, 8, 32, 32))


def stream(in_channels: int) -> dict:
    return dict(
        backbone=dict(type='TinyVideoConvNet', in_channels=in_channels,
                      widths=(8, 16), temporal_kernels=(3, 3)),
        cls_head=dict(type='I3DHead', num_classes=5, in_channels=16))


CASES = {
    # 2D towers
    'cnn_m_2048': Case(built(type='CNNM2048', input_size=64),
                       clip(2, 3, 64, 64)),
    'vgg16': Case(built(type='VGG16Tower', input_size=32),
                  clip(2, 3, 32, 32)),
    'bn_inception': Case(built(type='BNInception'), clip(2, 3, 32, 32),
                         EVAL),
    'framewise_cnn_m': Case(
        built(type='FramewiseBackbone',
              backbone=dict(type='CNNM2048', input_size=64,
                            features_only=True)), clip(1, 3, 4, 64, 64)),
    'tiny_video_convnet': Case(built(type='TinyVideoConvNet'), clip(*RGB)),
    # DeepVideo's fusion nets
    'deepvideo_single_frame': Case(
        built(type='DeepVideoSingleFrame', input_size=48),
        clip(2, 3, 1, 48, 48)),
    'deepvideo_early_fusion': Case(
        built(type='DeepVideoEarlyFusion', input_size=48),
        clip(2, 3, 10, 48, 48)),
    'deepvideo_late_fusion': Case(
        built(type='DeepVideoLateFusion', input_size=48),
        clip(2, 3, 2, 48, 48)),
    'deepvideo_slow_fusion': Case(
        built(type='DeepVideoSlowFusion', input_size=48),
        clip(2, 3, 10, 48, 48)),
    'deepvideo_multiresolution': Case(
        built(type='DeepVideoMultiresolution', view_size=45),
        clip(2, 3, 2, 45, 45)),
    # Beyond Short Snippets: pooling necks and the LSTM
    'snippets_conv_pooling': Case(snippets(type='ConvPooling', **NECK),
                                  clip(*SNIPPET_FRAMES)),
    'snippets_late_pooling': Case(snippets(type='LatePooling', **NECK),
                                  clip(*SNIPPET_FRAMES)),
    'snippets_slow_pooling': Case(
        snippets(type='SlowPooling', in_channels=32, feature_size=(4, 4),
                 fc_channels=(64, )), clip(*SNIPPET_FRAMES)),
    'snippets_local_pooling': Case(
        snippets(type='LocalPooling', num_frames=16, **NECK),
        clip(*SNIPPET_FRAMES)),
    'snippets_time_domain_conv': Case(
        snippets(type='TimeDomainConvPooling', conv_channels=16, **NECK),
        clip(*SNIPPET_FRAMES)),
    'snippets_lstm': Case(snippets(**LSTM), clip(*SNIPPET_FRAMES)),
    'snippets_lstm_allow_rnn': Case(snippets(**LSTM), clip(*SNIPPET_FRAMES),
                                    config=dict(allow_rnn=True)),
    # C3D
    'c3d_caffe': Case(built(type='C3DCaffe', out_dim=512),
                      clip(2, 3, 16, 32, 32)),
    'c3d_batchnorm': Case(built(type='C3DBatchNorm', out_dim=512),
                          clip(2, 3, 16, 32, 32)),
    # Inflated Inception-V1
    'i3d_inception_v1': Case(built(type='InceptionI3D'), clip(*RGB), EVAL),
    'i3d_inception_v1_tf_same': Case(
        built(type='InceptionI3D', tf_same_padding=True), clip(*RGB),
        TRAIN),
    # the video-ResNet family
    'r2d': Case(video_resnet('r2d'), clip(*RGB), EVAL),
    'f_r2d': Case(video_resnet('f-r2d'), clip(*RGB), EVAL),
    'r3d': Case(video_resnet('r3d'), clip(*RGB), EVAL),
    'mc3': Case(video_resnet('mc3'), clip(*RGB), EVAL),
    'rmc3': Case(video_resnet('rmc3'), clip(*RGB), EVAL),
    'r2plus1d': Case(video_resnet('r2plus1d'), clip(*RGB)),
    'i3d_r50_nonlocal': Case(
        video_resnet('i3d', 50, nonlocal_blocks=((), (1, 3), (1, ), ())),
        clip(*RGB), EVAL),
    'nonlocal_gaussian': Case(
        built(type='NonLocalBlock3d', in_channels=16, mode='gaussian'),
        clip(2, 16, 4, 8, 8)),
    'nonlocal_dot_product': Case(
        built(type='NonLocalBlock3d', in_channels=16, mode='dot_product'),
        clip(2, 16, 4, 8, 8)),
    'nonlocal_concatenation': Case(
        built(type='NonLocalBlock3d', in_channels=16,
              mode='concatenation'), clip(2, 16, 4, 8, 8)),
    # SlowFast
    'slowfast': Case(slowfast(), clip(2, 3, 16, 32, 32), EVAL),
    'slowfast_time_to_channel_linspace': Case(
        slowfast(lateral='time_to_channel', slow_sampling='linspace'),
        clip(2, 3, 16, 32, 32), TRAIN),
    'slow_only': Case(slowfast(pathways='slow'), clip(2, 3, 16, 32, 32),
                      EVAL),
    # TimeSformer's five schemes (4 x 4 x 4 patches; 3 x 5 x 5 splits the
    # sparse scheme's groups unevenly: masked attention)
    'timesformer_space_only': Case(timesformer('space_only'),
                                   clip(2, 3, 4, 32, 32)),
    'timesformer_joint': Case(timesformer('joint_space_time'),
                              clip(2, 3, 4, 32, 32)),
    'timesformer_divided': Case(timesformer('divided_space_time'),
                                clip(2, 3, 4, 32, 32)),
    'timesformer_sparse_local_global': Case(
        timesformer('sparse_local_global'), clip(2, 3, 4, 32, 32)),
    'timesformer_sparse_local_global_odd_grid': Case(
        timesformer('sparse_local_global'), clip(2, 3, 3, 40, 40), EVAL),
    'timesformer_axial': Case(timesformer('axial'), clip(2, 3, 4, 32, 32)),
    # recognizers of two streams
    'two_stream_fusion': Case(
        built(type='TwoStreamFusionRecognizer',
              spatial_backbone=dict(type='CNNM2048', input_size=64),
              temporal_backbone=dict(type='CNNM2048', in_channels=20,
                                     input_size=64),
              fusion_layer='relu5',
              fusion=dict(type='Conv3DFusion', channels=512),
              cls_head=head(2048), temporal_head=head(2048)),
        two_stream_inputs),
    'late_fusion': Case(
        built(type='LateFusionRecognizer',
              streams=dict(rgb=stream(3), flow=stream(2))),
        late_fusion_inputs),
}

XFAIL = {
    'snippets_lstm': (
        'torch._dynamo graph-breaks on nn.LSTM on purpose unless '
        'torch._dynamo.config.allow_rnn is set ("Attempted to wrap RNN, '
        'GRU, or LSTM"); snippets_lstm_allow_rnn checks the rest'),
}


def params():
    return [
        pytest.param(case, id=name,
                     marks=[pytest.mark.xfail(reason=XFAIL[name], strict=True)]
                     if name in XFAIL else [])
        for name, case in CASES.items()
    ]


def describe(explanation) -> str:
    lines = []
    for reason in explanation.break_reasons:
        text = reason.reason.strip().split('Developer debug context')[0]
        lines += [line for line in text.splitlines() if line.strip()]
        lines += [f'    {frame.filename}:{frame.lineno} in {frame.name}'
                  for frame in reason.user_stack[-3:]]
    return '\n'.join(lines)


@pytest.mark.parametrize('case', params())
def test_traces_without_graph_breaks(case):
    init_default_scope('mmaction')
    torch.manual_seed(0)
    model = case.build()
    inputs = case.inputs()
    for mode in case.modes:
        model.train(mode == 'train')
        torch._dynamo.reset()
        try:
            with torch._dynamo.config.patch(**case.config):
                explanation = torch._dynamo.explain(model)(inputs)
        finally:
            torch._dynamo.reset()
        assert explanation.graph_break_count == 0, (
            f'{mode} mode: {explanation.graph_break_count} graph break(s)'
            f'\n{describe(explanation)}')
