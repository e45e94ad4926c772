# Fast-only R50 (Table 5b): the Fast pathway alone, 32 frames, beta = 1/8.
_base_ = ['./slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

model = dict(
    backbone=dict(pathways='fast'),
    cls_head=dict(type='I3DHead', in_channels=256))
