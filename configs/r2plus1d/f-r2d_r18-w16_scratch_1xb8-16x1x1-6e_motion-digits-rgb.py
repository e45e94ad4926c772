# f-r2d on MotionDigits, CPU-sized as the R3D config (base width 16).
_base_ = ['./r3d_r18-w16_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(backbone=dict(variant='f-r2d'))
