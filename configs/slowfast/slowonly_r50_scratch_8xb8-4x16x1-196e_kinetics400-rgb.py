# Slow-only R50 4x16: the Slow pathway alone (4 frames, temporal kernels
# only in res4 / res5). 32.45M parameters.
_base_ = ['./slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

model = dict(
    backbone=dict(pathways='slow'),
    cls_head=dict(type='I3DHead', in_channels=2048))
