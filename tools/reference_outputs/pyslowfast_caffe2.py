"""PySlowFast's model-zoo Caffe2 ``.pkl`` files (``MODEL_ZOO``, the
Kinetics-400 R50 rows), loaded by the release itself: the models of
``configs/Kinetics/c2/*.yaml`` built as in :mod:`.pyslowfast`, and the
seeded blobs pickled as ``{'blobs': {name: float32 array}}`` and read by
``slowfast/utils/checkpoint.py`` ``load_checkpoint(...,
convert_from_caffe2=True)`` (the path ``TEST.CHECKPOINT_TYPE caffe2``
takes). The run fails unless that loader filled every tensor of the model
from its blob, so the record's Caffe2 names are names the release reads.

The blob names are the Caffe2 video code's (facebookresearch/
video-nonlocal-net ``lib/models/resnet_video.py``, ``resnet_helper.py``,
``nonlocal_helper.py``; the Fast pathway's ``t_`` names are those
``slowfast/utils/c2_model_loading.py`` reads), plus momentum / ``lr`` /
``model_iter`` blobs as a trained file carries them (both loaders skip
them).

``C2D_NOPOOL_8x8_R50.yaml`` names ``MODEL_NAME ResNet_nopool``, which
the release at this commit does not register: it is built as ``ResNet``
with ``MODEL.ARCH slow_c2d`` (c2d's kernels without the temporal pool,
``_POOL1 'slow_c2d'``), the architecture the file's name says.
"""
import os
import pickle
import re
import tempfile

import numpy as np

from reference_outputs.pyslowfast import COMMIT, release_model

SOURCE = 'pyslowfast'
REFERENCE = (f'facebookresearch/SlowFast @ {COMMIT}: slowfast/utils/'
             'checkpoint.py load_checkpoint(convert_from_caffe2=True) of '
             'the seeded blobs into SlowFast / ResNet(cfg) of configs/'
             'Kinetics/c2/<model>.yaml (C2D_NOPOOL: ARCH slow_c2d, '
             'MODEL_NAME ResNet), then as the pyslowfast records')

#: Blocks per stage of R50 (the lateral after stage S is named by the
#: Fast pathway's last block of S).
R50_BLOCKS = {2: 3, 3: 4, 4: 6, 5: 3}
BN_SUFFIX = {'weight': 's', 'bias': 'b', 'running_mean': 'rm',
             'running_var': 'riv'}
CONV_SUFFIX = {'weight': 'w', 'bias': 'b'}


def caffe2_name(key: str):
    """The Caffe2 blob that PySlowFast's key ``key`` is loaded from."""
    module, leaf = key.rsplit('.', 1)
    match = re.fullmatch(r's1\.pathway(\d)_stem\.(conv|bn)', module)
    if match:
        fast = 't_' if match.group(1) == '1' else ''
        if match.group(2) == 'bn':
            return f'{fast}res_conv1_bn_{BN_SUFFIX[leaf]}'
        return f'{fast}conv1_{CONV_SUFFIX[leaf]}'
    match = re.fullmatch(
        r's(\d)\.pathway(\d)_res(\d+)\.branch(1|1_bn|2\.[abc]|2\.[abc]_bn)',
        module)
    if match:
        stage, pathway, block, branch = match.groups()
        layer = ('t_' if pathway == '1' else '') + \
            f'res{stage}_{block}_branch{branch.replace(".", "")}'
        if branch.endswith('_bn'):
            return f'{layer}_{BN_SUFFIX[leaf]}'
        return f'{layer}_{CONV_SUFFIX[leaf]}'
    match = re.fullmatch(
        r's(\d)\.pathway0_nonlocal(\d+)\.(conv_theta|conv_phi|conv_g|'
        r'conv_out|bn)', module)
    if match:
        stage, block, part = match.groups()
        layer = f'nonlocal_conv{stage}_{block}'
        if part == 'bn':
            return f'{layer}_bn_{BN_SUFFIX[leaf]}'
        return f'{layer}_{part[5:]}_{CONV_SUFFIX[leaf]}'
    match = re.fullmatch(r's(\d)_fuse\.(conv_f2s|bn)', module)
    if match:
        stage = int(match.group(1))
        layer = 't_pool1_subsample' if stage == 1 else \
            f't_res{stage}_{R50_BLOCKS[stage] - 1}_branch2c_bn_subsample'
        if match.group(2) == 'bn':
            return f'{layer}_bn_{BN_SUFFIX[leaf]}'
        return f'{layer}_{CONV_SUFFIX[leaf]}'
    if module == 'head.projection':
        return f'pred_{CONV_SUFFIX[leaf]}'
    raise KeyError(f'no Caffe2 name for {key}')


def load_seeded(module, seeded, args):
    """Pickle the seeded blobs of ``module``'s layout, load them with the
    release's Caffe2 loader and check every tensor came from its blob;
    returns the blobs' manifest."""
    from slowfast.utils.checkpoint import load_checkpoint
    state = module.state_dict()
    names = {k: caffe2_name(k) for k in state
             if not k.endswith('num_batches_tracked')}
    manifest = [[names[k], list(state[k].shape), 'torch.float32']
                for k in names]
    first = manifest[0][0]
    manifest += [[f'{first}_momentum', manifest[0][1], 'torch.float32'],
                 ['lr', [1], 'torch.float32'],
                 ['model_iter', [1], 'torch.int64']]
    blobs = {name: seeded.seeded_tensor(name, shape, dtype).numpy()
             for name, shape, dtype in manifest}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'model.pkl')
        with open(path, 'wb') as f:
            pickle.dump({'blobs': blobs}, f)
        load_checkpoint(path, module, data_parallel=False,
                        convert_from_caffe2=True)
    loaded = module.state_dict()
    wrong = [k for k, name in names.items()
             if not np.array_equal(loaded[k].numpy(), blobs[name])]
    if wrong:
        raise SystemExit(f'pyslowfast caffe2: the release did not load '
                         f'{len(wrong)} tensors from their blobs: {wrong[:5]}')
    return manifest


MODELS = {
    'c2d_nopool_r50_8x8': release_model(
        'c2/C2D_NOPOOL_8x8_R50.yaml', 8,
        overrides=('MODEL.ARCH', 'slow_c2d', 'MODEL.MODEL_NAME', 'ResNet')),
    'i3d_r50_8x8': release_model('c2/I3D_8x8_R50.yaml', 8),
    'i3d_nln_r50_8x8': release_model('c2/I3D_NLN_8x8_R50.yaml', 8, size=32),
    'slow_r50_4x16': release_model('c2/SLOW_4x16_R50.yaml', 4, batch=2),
    'slow_r50_8x8': release_model('c2/SLOW_8x8_R50.yaml', 8),
    'slowfast_r50_4x16': release_model('c2/SLOWFAST_4x16_R50.yaml', 32),
    'slowfast_r50_8x8': release_model('c2/SLOWFAST_8x8_R50.yaml', 32),
}
