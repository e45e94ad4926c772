# Appearance-only probe: the same network with temporal kernels 1 sees each
# frame alone, and the head averages over time (order-free). It cannot pass
# 50% on MotionDigits; averaging frames it reaches about 30%.
_base_ = ['./tinyconv3d_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(backbone=dict(temporal_kernels=(1, 1, 1)))
