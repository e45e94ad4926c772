"""C3D (Tran et al., ICCV 2015) with the release's pooling, and the
"3D-ConvNet" baseline of Carreira & Zisserman, CVPR 2017 (Sec. 2.2,
Table 1): C3D with batch normalisation after every conv and FC layer and
temporal stride 2 in the first pooling layer (the I3D paper's text, as
recalled: docs/papers.md §7; no code was released). Both build on MMAction2's
``C3D`` (same layers and parameter names)."""
import torch
from torch import nn

from mmaction.models.backbones import C3D
from mmaction.registry import MODELS


@MODELS.register_module()
class C3DCaffe(C3D):
    """C3D with pool5 as the release: 2x2x2 / 2 without padding, in Caffe's
    ceil mode (``c3d_sport1m_feature_extractor_frm.prototxt`` pool5;
    ``pool3d_layer.cpp`` rounds the output size up and clips the last
    window). MMAction2's ``C3D`` pads pool5 by (0, 1, 1) instead: the same
    4 x 4 output at 112 px, but every window shifted by one pixel, so
    converted Sports-1M weights would not reproduce the release's fc6.
    Parameter names are MMAction2's, so its checkpoints load unchanged."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pool5 = nn.MaxPool3d((2, 2, 2), (2, 2, 2), ceil_mode=True)


@MODELS.register_module()
class C3DBatchNorm(C3DCaffe):
    """C3D + BN (convs without bias) + pool1 2x2x2 / 2. A 16-frame clip then
    reaches pool4 at T = 1, so pool5 pools space only (1x2x2 / (1, 2, 2),
    ceil mode as ``C3DCaffe``): pool5 stays 1 x 4 x 4 x 512 = 8192 into fc6
    at 112 px. fc6 / fc7 stay reachable by name (``backbone.fc6``) for
    features."""

    def __init__(self, **kwargs):
        kwargs.setdefault('norm_cfg', dict(type='BN3d'))
        super().__init__(**kwargs)
        self.pool1 = nn.MaxPool3d((2, 2, 2), (2, 2, 2))
        self.pool5 = nn.MaxPool3d((1, 2, 2), (1, 2, 2), ceil_mode=True)
        self.bn6 = nn.BatchNorm1d(4096)
        self.bn7 = nn.BatchNorm1d(4096)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [N, 3, 16, 112, 112] -> [N, 4096]
        x = self.pool1(self.conv1a(x))
        x = self.pool2(self.conv2a(x))
        x = self.pool3(self.conv3b(self.conv3a(x)))
        x = self.pool4(self.conv4b(self.conv4a(x)))
        x = self.pool5(self.conv5b(self.conv5a(x))).flatten(start_dim=1)
        x = self.dropout(self.relu(self.bn6(self.fc6(x))))
        return self.relu(self.bn7(self.fc7(x)))
