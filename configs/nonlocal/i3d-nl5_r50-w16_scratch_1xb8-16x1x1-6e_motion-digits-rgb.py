# I3D-R50 + 5 non-local blocks on MotionDigits, CPU-sized as the I3D-R50
# config (base width 16).
_base_ = ['./i3d_r50-w16_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(
    backbone=dict(
        nonlocal_blocks=((), (1, 3), (1, 3, 5), ()),
        nonlocal_cfg=dict(mode='embedded_gaussian')))
