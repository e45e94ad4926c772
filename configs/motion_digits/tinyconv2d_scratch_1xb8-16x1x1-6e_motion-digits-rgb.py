# Appearance-only probe: the same stages in 2D see each frame alone, and
# the head averages over time (order-free). It cannot pass
# 50% on MotionDigits; averaging frames it reaches about 30%.
_base_ = ['./tinyconv3d_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='FramewiseBackbone',
        backbone=dict(type='TinyFrameConvNet', widths=(16, 32, 64))))
