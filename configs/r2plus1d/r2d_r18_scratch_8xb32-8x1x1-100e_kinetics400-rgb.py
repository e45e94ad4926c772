# r2d (Tran et al. 2018, Sec. 3 and Table 2), ResNet-18, L = 8: as the R3D
# config with another backbone variant.
_base_ = ['./r3d_r18_scratch_8xb32-8x1x1-100e_kinetics400-rgb.py']

model = dict(backbone=dict(variant='r2d'))
