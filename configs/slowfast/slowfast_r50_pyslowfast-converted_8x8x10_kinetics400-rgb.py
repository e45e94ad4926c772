# SlowFast R50 8x8 for PySlowFast's Kinetics-400 checkpoints
# (configs/Kinetics/SLOWFAST_8x8_R50.yaml: alpha 4, FUSION_KERNEL_SZ 7):
# as slowfast_r50_pyslowfast-converted_4x16x10_kinetics400-rgb.py (views,
# normalisation, linspace Slow frames, head; the difference left).
# PySlowFast MODEL_ZOO file: SLOWFAST_8x8_R50.pkl (--from pyslowfast);
# its .pyth runs convert the same way.
_base_ = ['./slowfast_r50_scratch_8xb8-8x8x1-196e_kinetics400-rgb.py']

model = dict(
    backbone=dict(slow_sampling='linspace'),
    cls_head=dict(
        _delete_=True, type='WindowPoolHead', num_classes=400,
        in_channels=2304, pool_sizes=((8, 7, 7), (32, 7, 7)),
        dropout_ratio=0.5, init_std=0.01, average_clips='prob'))
