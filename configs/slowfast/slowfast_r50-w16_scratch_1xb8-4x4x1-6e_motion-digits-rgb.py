# SlowFast R50 on MotionDigits, CPU-sized (not the paper's width): Slow
# conv1 16 channels, beta = 1/4 (Fast 4), alpha = 4: the Fast pathway takes
# all 16 frames, the Slow pathway 4; time-strided conv laterals 5x1x1.
_base_ = [
    '../_base_/datasets/motion_digits.py',
    '../_base_/schedules/adamw_cpu_motion_digits.py',
    '../_base_/default_runtime.py'
]

model = dict(
    type='Recognizer3D',
    backbone=dict(type='SlowFastResNet', depth=50, alpha=4, beta_inv=4,
                  base_channels=16, lateral_kernel=5),
    cls_head=dict(
        type='SlowFastHead',
        num_classes=10,
        in_channels=512 + 128,
        spatial_type='avg',
        dropout_ratio=0.0,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))
