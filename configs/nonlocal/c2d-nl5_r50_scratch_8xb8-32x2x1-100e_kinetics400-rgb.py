# C2D-R50 (no temporal kernels) + 5 non-local blocks (Table 2a-d setting).
_base_ = ['./i3d_r50_scratch_8xb8-32x2x1-100e_kinetics400-rgb.py']

model = dict(
    backbone=dict(
        variant='c2d',
        nonlocal_blocks=((), (1, 3), (1, 3, 5), ()),
        nonlocal_cfg=dict(mode='embedded_gaussian')))
