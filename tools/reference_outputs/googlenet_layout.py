"""The layout (keys, shapes) of torchvision's ImageNet GoogLeNet
(Inception-V1: ``GoogLeNet_Weights.IMAGENET1K_V1``, the file
``googlenet-1378be20.pth``), for the ``inflate-inception-v1`` source; no
logits (an inflation initialises I3D, it is not a model equivalence).

torchvision's ``models/googlenet.py`` is run from an unpacked torchvision
0.29.1 wheel (``--release-dir``: the folder holding ``torchvision/``),
because PyPI's torchvision does not import beside the project's torch: its
relative imports of the weights registry and transforms, which the network
does not use, get stand-ins. The model is built as the weights file was
made: ``aux_logits=True`` (the file holds ``aux1`` / ``aux2``) and
``transform_input=True`` (set by ``googlenet(weights=...)``).
"""
import os.path as osp
import re

LAYOUT_ONLY = True
REFERENCE = ('torchvision 0.29.1 torchvision/models/googlenet.py '
             'GoogLeNet(aux_logits=True, transform_input=True, '
             'init_weights=False).state_dict() layout')


def stand_ins() -> dict:
    class WeightsEnum:
        pass

    def decorator(*args, **kwargs):
        return lambda f: f
    return dict(ImageClassification=lambda **kw: None,
                _log_api_usage_once=lambda *a: 0,
                register_model=decorator, Weights=lambda **kw: kw,
                WeightsEnum=WeightsEnum, _IMAGENET_CATEGORIES=[],
                _ovewrite_named_param=lambda *a: None,
                handle_legacy_interface=decorator, __name__='googlenet')


def build(args):
    path = osp.join(args.release_dir or '', 'torchvision', 'models',
                    'googlenet.py')
    if not osp.isfile(path):
        raise SystemExit('googlenet-layout: pass --release-dir, an unpacked '
                         'torchvision 0.29.1 wheel (torchvision/models/)')
    with open(path) as f:
        source = re.sub(r'^from \.\.?[\w.]* import .*$', '', f.read(),
                        flags=re.M)
    namespace = stand_ins()
    exec(compile(source, path, 'exec'), namespace)
    model = namespace['GoogLeNet'](aux_logits=True, transform_input=True,
                                   init_weights=False)
    return model, None, None


MODELS = {'googlenet': build}
