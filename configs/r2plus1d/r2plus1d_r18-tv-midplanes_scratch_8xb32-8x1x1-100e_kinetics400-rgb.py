# R(2+1)D-18 with torchvision's per-block midplanes (block_midplanes=True):
# the layout of torchvision's r2plus1d_18 weights (31.51M parameters, 1.87M
# fewer than VMZ's per-conv midplanes, add_conv). Otherwise as the R3D
# config.
_base_ = ['./r3d_r18_scratch_8xb32-8x1x1-100e_kinetics400-rgb.py']

model = dict(backbone=dict(variant='r2plus1d', block_midplanes=True))
