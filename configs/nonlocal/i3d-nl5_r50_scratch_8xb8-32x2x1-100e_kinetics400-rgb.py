# I3D-R50 + 5 non-local blocks (embedded Gaussian): after res3 blocks 1, 3
# and res4 blocks 1, 3, 5 (the release's LAYER_MOD = 2); 35.40M parameters.
_base_ = ['./i3d_r50_scratch_8xb8-32x2x1-100e_kinetics400-rgb.py']

model = dict(
    backbone=dict(
        nonlocal_blocks=((), (1, 3), (1, 3, 5), ()),
        nonlocal_cfg=dict(mode='embedded_gaussian')))
