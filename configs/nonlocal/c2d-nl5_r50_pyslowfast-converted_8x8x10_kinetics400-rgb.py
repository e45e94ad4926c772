# C2D R50 + 5 non-local blocks, 8x8, for PySlowFast's Kinetics-400
# checkpoints (configs/Kinetics/C2D_NLN_8x8_R50.yaml; the blocks of
# i3d-nl5_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py).
_base_ = ['./i3d-nl5_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py']

model = dict(backbone=dict(variant='c2d'))
