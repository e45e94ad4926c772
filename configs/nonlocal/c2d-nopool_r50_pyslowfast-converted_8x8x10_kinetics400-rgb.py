# C2D R50 8x8 without the temporal pool, for PySlowFast's model-zoo file
# C2D_NOPOOL_8x8_R50.pkl (configs/Kinetics/c2/C2D_NOPOOL_8x8_R50.yaml,
# MODEL_NAME ResNet_nopool; convert with tools/convert_checkpoint.py
# --from pyslowfast --config c2d_nopool_r50_8x8). Its weights have the
# layout of c2d_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py; no
# max-pool after res2 (_POOL1 'slow_c2d' in slowfast/models/
# video_model_builder.py), so res5 keeps 8 steps and the head's window is
# 8x7x7.
_base_ = ['./c2d_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py']

model = dict(
    backbone=dict(pool2=None),
    cls_head=dict(pool_sizes=((8, 7, 7), )))
