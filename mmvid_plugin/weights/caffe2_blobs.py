"""Caffe2 ``.pkl`` checkpoints of PySlowFast's model zoo
(``MODEL_ZOO``: ``C2D_NOPOOL_8x8_R50.pkl``, ``I3D_8x8_R50.pkl``,
``I3D_NLN_8x8_R50.pkl``, ``SLOWONLY_{4x16,8x8}_R50.pkl``,
``SLOWFAST_{4x16,8x8}_R50.pkl``): a pickled ``{'blobs': {name: ndarray}}``
that PySlowFast reads with ``pickle.load(f, encoding='latin1')`` and
renames (``slowfast/utils/checkpoint.py`` ``load_checkpoint`` with
``convert_from_caffe2``, names by ``slowfast/utils/c2_model_loading.py``).

The blob names are those of the Caffe2 video code (the non-local
release's ``lib/models/resnet_video.py``, ``resnet_helper.py``,
``nonlocal_helper.py``): ``conv1`` / ``res_conv1_bn`` (stem),
``res{S}_{I}_branch2{a,b,c}[_bn]`` and ``res{S}_{I}_branch1[_bn]``
(block I of stage S), ``nonlocal_conv{S}_{I}_{theta,phi,g,out,bn}`` (a
non-local block after block I), ``pred`` (the classifier); the Fast
pathway's carry a ``t_`` prefix, and its laterals are
``t_pool1_subsample[_bn]`` (after the stem) and
``t_res{S}_{I}_branch2c_bn_subsample[_bn]`` (after stage S, I its last
block). Parameters end in ``_w`` / ``_b`` (conv, FC) or ``_s`` / ``_b`` /
``_rm`` / ``_riv`` (BN scale, shift, running mean, running variance).

The pickle is read by an unpickler that builds numpy arrays and nothing
else: a file that asks for any other class is refused, so a ``.pkl`` from
anywhere cannot run code.
"""
import pickle
import re
from typing import Optional

import numpy as np
import torch

from .source import StateDict, UnknownCheckpointError, renamed

#: The globals a pickle of numpy arrays needs (numpy 1.x and 2.x paths).
ALLOWED_GLOBALS = {
    ('numpy.core.multiarray', '_reconstruct'),
    ('numpy._core.multiarray', '_reconstruct'),
    ('numpy.core.multiarray', 'scalar'),
    ('numpy._core.multiarray', 'scalar'),
    ('numpy', 'ndarray'),
    ('numpy', 'dtype'),
    ('collections', 'OrderedDict'),
}

#: Blobs that are training state, not weights (PySlowFast skips them too).
TRAINING_STATE = re.compile(r'(momentum|^lr$|^model_iter$)')

BN_LEAF = {'s': 'weight', 'b': 'bias', 'rm': 'running_mean',
           'riv': 'running_var'}
LEAF = {'w': 'weight', 'b': 'bias'}
STEM = re.compile(r'(t_)?(?:res_)?conv1')
BLOCK = re.compile(r'(t_)?res([2-5])_(\d+)_branch(1|2[abc])')
LATERAL = re.compile(r't_(?:pool1|res([2-4])_\d+_branch2c_bn)_subsample')
NONLOCAL = re.compile(r'nonlocal_conv([2-5])_(\d+)(?:_(theta|phi|g|out))?')


class _NumpyOnlyUnpickler(pickle.Unpickler):
    def __init__(self, file, path: str):
        super().__init__(file, encoding='latin1')
        self.path = path

    def find_class(self, module, name):
        if (module, name) not in ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(
                f'{self.path}: refused to load {module}.{name}: a Caffe2 '
                'blobs pickle holds numpy arrays only (allowed: '
                f'{sorted(".".join(g) for g in ALLOWED_GLOBALS)})')
        return super().find_class(module, name)


def load_caffe2_pickle(path: str) -> dict:
    """The dict a Caffe2 ``.pkl`` holds, read without running code."""
    with open(path, 'rb') as f:
        loaded = _NumpyOnlyUnpickler(f, path).load()
    if not isinstance(loaded, dict) or not isinstance(
            loaded.get('blobs'), dict):
        raise UnknownCheckpointError(
            f"{path}: expected a Caffe2 checkpoint, a dict with 'blobs' "
            f'(name -> array); got {type(loaded).__name__}'
            + (f' with keys {list(loaded)[:5]}' if isinstance(loaded, dict)
               else ''))
    return loaded


def caffe2_blobs(loaded) -> Optional[dict]:
    """The blobs of a ``{'blobs': ...}`` dict, or a dict of Caffe2-named
    arrays / tensors itself (no dotted module paths); None otherwise."""
    if not isinstance(loaded, dict) or not loaded:
        return None
    if isinstance(loaded.get('blobs'), dict):
        return loaded['blobs']
    plain = all(isinstance(k, str) and '.' not in k for k in loaded) and all(
        torch.is_tensor(v) or isinstance(v, np.ndarray)
        for v in loaded.values())
    return loaded if plain else None


def _module_of(layer: str, norm: bool) -> Optional[str]:
    """The PySlowFast module that Caffe2 layer ``layer`` (or its BN)
    became."""
    match = STEM.fullmatch(layer)
    if match:
        pathway = 1 if match.group(1) else 0
        return f's1.pathway{pathway}_stem.' + ('bn' if norm else 'conv')
    match = BLOCK.fullmatch(layer)
    if match:
        fast, stage, block, branch = match.groups()
        prefix = f's{stage}.pathway{1 if fast else 0}_res{block}.'
        if branch == '1':
            return prefix + ('branch1_bn' if norm else 'branch1')
        return prefix + f'branch2.{branch[1]}' + ('_bn' if norm else '')
    match = LATERAL.fullmatch(layer)
    if match:
        stage = match.group(1) or '1'
        return f's{stage}_fuse.' + ('bn' if norm else 'conv_f2s')
    match = NONLOCAL.fullmatch(layer)
    if match:
        stage, block, part = match.groups()
        if (part is None) != norm:
            return None
        return f's{stage}.pathway0_nonlocal{block}.' + (
            'bn' if norm else f'conv_{part}')
    if layer == 'pred' and not norm:
        return 'head.projection'
    return None


def pyslowfast_name(blob: str) -> Optional[str]:
    """PySlowFast's state-dict key for a Caffe2 blob name (None: none)."""
    match = re.fullmatch(r'(.+)_bn_(s|b|rm|riv)', blob)
    if match:
        module = _module_of(match.group(1), norm=True)
        leaf = BN_LEAF[match.group(2)]
    else:
        match = re.fullmatch(r'(.+)_(w|b)', blob)
        if not match:
            return None
        module = _module_of(match.group(1), norm=False)
        leaf = LEAF[match.group(2)]
    return None if module is None else f'{module}.{leaf}'


def pyslowfast_state(blobs: dict) -> StateDict:
    """Caffe2 blobs -> a PySlowFast state dict (float tensors, as
    stored). Training state is dropped, a ``gpu_N/`` scope stripped, the
    test-time 1x1x1 ``pred`` conv flattened to the FC PySlowFast has, and
    each BN given the ``num_batches_tracked`` counter (0) that Caffe2 does
    not keep; a blob of no known layer fails with the list of them."""
    weights = {}
    for name, value in blobs.items():
        name = re.sub(r'^gpu_\d+/', '', name)
        if TRAINING_STATE.search(name):
            continue
        tensor = torch.as_tensor(np.asarray(value)) if not torch.is_tensor(
            value) else value
        if name == 'pred_w' and tensor.dim() == 5:
            tensor = tensor.flatten(1)
        weights[name] = tensor
    state = renamed(weights, pyslowfast_name, 'pyslowfast (Caffe2 blobs)')
    for key in [k for k in state if k.endswith('.running_mean')]:
        counter = key[:-len('running_mean')] + 'num_batches_tracked'
        state.setdefault(counter, torch.tensor(0))
    return state

