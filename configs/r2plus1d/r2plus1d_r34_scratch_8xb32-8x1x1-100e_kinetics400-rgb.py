# R(2+1)D-34, L = 8 (63.70M parameters at 400 classes, counted for VMZ's
# layout, c2/lib/models/r3d_model.py; its c2 model-zoo tutorial page lists
# 63.6M, the count without BN).
_base_ = ['./r3d_r18_scratch_8xb32-8x1x1-100e_kinetics400-rgb.py']

model = dict(backbone=dict(variant='r2plus1d', depth=34))
