# C2D R50 8x8 for PySlowFast's Kinetics-400 checkpoints
# (configs/Kinetics/C2D_8x8_R50.yaml: ARCH c2d, no temporal kernels; the
# stem and pools of i3d_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py,
# _POOL1 'c2d' in slowfast/models/video_model_builder.py).
_base_ = ['./i3d_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py']

model = dict(backbone=dict(variant='c2d'))
