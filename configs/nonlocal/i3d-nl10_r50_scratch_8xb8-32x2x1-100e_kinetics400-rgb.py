# I3D-R50 + 10 non-local blocks (embedded Gaussian): after every res3 and
# res4 block (Table 2c "10-block", as recalled; LAYER_MOD = 1 in the
# release).
_base_ = ['./i3d_r50_scratch_8xb8-32x2x1-100e_kinetics400-rgb.py']

model = dict(
    backbone=dict(
        nonlocal_blocks=((), (0, 1, 2, 3), (0, 1, 2, 3, 4, 5), ()),
        nonlocal_cfg=dict(mode='embedded_gaussian')))
