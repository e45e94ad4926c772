"""PyTorchVideo's torch.hub models (``pytorchvideo.models.hub``):
``slowfast_r50``, ``slow_r50``, ``c2d_r50``, ``i3d_r50``, ``r2plus1d_r50``
(``pretrained=False``: the layout; the checks fill it), and the layouts
of its zoo's 4x16 SlowFast / Slow files, which no hub function builds.

Two settings are the reference's, not the architecture's: the head's
``AvgPool3d`` kernel (stride 1) is the final map of the reference clip
(the hub's 224-px kernels, e.g. (8, 7, 7), would not fit it; at 224 px
they are the whole map too; our ``WindowPoolHead`` pools a map smaller
than its window whole), passed as the builders' own
``head_pool_kernel_size(s)`` where the hub function forwards it and set on
``blocks[-1].pool`` for ``slow_r50`` (whose hub function fixes it); and
``r2plus1d_r50``'s ``head_activation=None`` (its default is softmax; the
check wants the logits before it). SlowFast's pathways are made from the
Fast clip as PyTorchVideo's hub tutorial ``PackPathway`` and PySlowFast's
``pack_pathway_output`` do (Slow frames ``linspace(0, T - 1, T //
alpha)``).

Inputs: 64 x 64 (a 2 x 2 final map) at each model's frame count.
"""
import torch
from torch import nn

REFERENCE = ('pytorchvideo 0.1.5: pytorchvideo.models.hub.{slowfast_r50, '
             'slow_r50, c2d_r50, i3d_r50, r2plus1d_r50}(pretrained=False); '
             '4x16: models.slowfast.create_slowfast(fusion kernel 5, '
             'stride 8) / models.resnet.create_resnet(hub slow_r50 '
             'arguments); head AvgPool3d kernel = the input\'s final map, '
             'r2plus1d head_activation=None')
SIZE = 64
MAP = SIZE // 32


def single(module, x):
    return module(x)


def slowfast_pathways(alpha):
    def forward(module, x):
        frames = x.shape[2]
        index = torch.linspace(0, frames - 1, frames // alpha).long()
        return module([torch.index_select(x, 2, index), x])
    return forward


def slowfast_r50(args):
    from pytorchvideo.models import hub
    model = hub.slowfast_r50(pretrained=False, head_pool_kernel_sizes=(
        (8, MAP, MAP), (32, MAP, MAP)))
    return model, (1, 3, 32, SIZE, SIZE), slowfast_pathways(4)


def slow_r50(args):
    from pytorchvideo.models import hub
    model = hub.slow_r50(pretrained=False)
    model.blocks[-1].pool = nn.AvgPool3d((8, MAP, MAP), stride=(1, 1, 1),
                                         padding=(0, 0, 0))
    return model, (1, 3, 8, SIZE, SIZE), single


def slowfast_r50_4x16(args):
    """The zoo's SLOWFAST_4x16_R50.pyth layout: ``create_slowfast`` with
    ptv_model_builder.py PTVSlowFast's arguments for
    configs/Kinetics/pytorchvideo/SLOWFAST_4x16_R50.yaml (FUSION_KERNEL_SZ
    5, ALPHA 8; the rest the defaults, as hub slowfast_r50 leaves them)."""
    from pytorchvideo.models.slowfast import create_slowfast
    model = create_slowfast(
        model_depth=50, slowfast_fusion_conv_kernel_size=(5, 1, 1),
        slowfast_fusion_conv_stride=(8, 1, 1),
        head_pool_kernel_sizes=((4, MAP, MAP), (32, MAP, MAP)))
    return model, (1, 3, 32, SIZE, SIZE), slowfast_pathways(8)


def slow_r50_4x16(args):
    """The zoo's SLOW_4x16_R50.pyth layout: hub slow_r50's
    ``create_resnet`` arguments on 4 frames."""
    from pytorchvideo.models.resnet import create_resnet
    model = create_resnet(stem_conv_kernel_size=(1, 7, 7), model_depth=50,
                          head_pool_kernel_size=(4, MAP, MAP))
    return model, (2, 3, 4, SIZE, SIZE), single


def resnet(name, frames, **kwargs):
    def build(args):
        from pytorchvideo.models import hub
        model = getattr(hub, name)(pretrained=False, **kwargs)
        return model, (1, 3, frames, SIZE, SIZE), single
    return build


MODELS = {
    'slowfast_r50': slowfast_r50,
    'slowfast_r50_4x16': slowfast_r50_4x16,
    'slow_r50': slow_r50,
    'slow_r50_4x16': slow_r50_4x16,
    'c2d_r50': resnet('c2d_r50', 8, head_pool_kernel_size=(4, MAP, MAP)),
    'i3d_r50': resnet('i3d_r50', 8, head_pool_kernel_size=(4, MAP, MAP)),
    'r2plus1d_r50': resnet('r2plus1d_r50', 16,
                           head_pool_kernel_size=(4, MAP, MAP),
                           head_activation=None),
}
