# SlowFast R50 8x8 as released: 32 frames every 2nd (alpha = 4: 8 Slow
# frames) and 7x1x1 laterals (the released model; the paper says 5). 34.57M.
_base_ = ['./slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

model = dict(backbone=dict(alpha=4, lateral_kernel=7))
