# I3D R50 + 5 non-local blocks, 8x8, for PySlowFast's Kinetics-400
# checkpoints (configs/Kinetics/I3D_NLN_8x8_R50.yaml: NONLOCAL.LOCATION
# res3 1, 3 and res4 1, 3, 5, INSTANTIATION softmax, POOL 1x2x2 of
# slowfast/config/defaults.py; slowfast/models/nonlocal_helper.py: C/2
# inner width, softmax scaled by (C/2)^-0.5, biased 1x1x1 convs, BN).
# PySlowFast MODEL_ZOO file: I3D_NLN_8x8_R50.pkl (--from pyslowfast);
# its .pyth runs convert the same way.
_base_ = ['./i3d_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py']

model = dict(
    backbone=dict(
        nonlocal_blocks=((), (1, 3), (1, 3, 5), ()),
        nonlocal_cfg=dict(mode='embedded_gaussian')))
