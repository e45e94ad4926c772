# Slow-only R50 8x8: the Slow pathway alone on 8 frames.
_base_ = ['./slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

model = dict(
    backbone=dict(pathways='slow', alpha=4),
    cls_head=dict(type='I3DHead', in_channels=2048))
