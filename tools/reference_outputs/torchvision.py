"""torchvision video ResNets (``torchvision.models.video``) and the IG-65M
R(2+1)D-34 ports, which ig65m-pytorch (``ig65m/models.py``) builds from the
same torchvision classes: ``VideoResNet(BasicBlock, [Conv2Plus1D] * 4,
[3, 4, 6, 3], R2Plus1dStem)``, a new fc, conv2 of the first block of
layer2..4 rebuilt with 288 / 576 / 1152 midplanes, and BN eps 1e-3."""
from torch import nn

REFERENCE = ('torchvision.models.video.resnet (r3d_18, mc3_18, '
             'r2plus1d_18; VideoResNet for the IG-65M R(2+1)D-34 as '
             'ig65m-pytorch ig65m/models.py r2plus1d_34 builds it)')
CLIP_112 = (1, 3, 8, 112, 112)


def forward(module, x):
    return module(x)


def torchvision_model(name):
    def build(args):
        from torchvision.models import video
        return getattr(video, name)(num_classes=400), CLIP_112, forward
    return build


def ig65m_r2plus1d_34(num_classes, frames):
    def build(args):
        from torchvision.models.video.resnet import (BasicBlock, Conv2Plus1D,
                                                     R2Plus1dStem, VideoResNet)
        model = VideoResNet(block=BasicBlock, conv_makers=[Conv2Plus1D] * 4,
                            layers=[3, 4, 6, 3], stem=R2Plus1dStem,
                            num_classes=num_classes)
        for layer, planes, mid in ((model.layer2, 128, 288),
                                   (model.layer3, 256, 576),
                                   (model.layer4, 512, 1152)):
            layer[0].conv2[0] = Conv2Plus1D(planes, planes, mid)
        for m in model.modules():
            if isinstance(m, nn.BatchNorm3d):
                m.eps = 1e-3
        return model, (1, 3, frames, 112, 112), forward
    return build


MODELS = {
    'r3d_18': torchvision_model('r3d_18'),
    'mc3_18': torchvision_model('mc3_18'),
    'r2plus1d_18': torchvision_model('r2plus1d_18'),
    'r2plus1d_34_8_ig65m': ig65m_r2plus1d_34(359, 8),
    'r2plus1d_34_32_ig65m': ig65m_r2plus1d_34(487, 8),
    'r2plus1d_34_8_kinetics': ig65m_r2plus1d_34(400, 8),
    'r2plus1d_34_32_kinetics': ig65m_r2plus1d_34(400, 8),
}
