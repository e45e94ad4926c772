# Slow-only R50 on MotionDigits, CPU-sized as the SlowFast config: the Slow
# pathway alone on every 4th of 16 frames.
_base_ = ['./slowfast_r50-w16_scratch_1xb8-4x4x1-6e_motion-digits-rgb.py']

model = dict(
    backbone=dict(pathways='slow'),
    cls_head=dict(type='I3DHead', in_channels=512))
