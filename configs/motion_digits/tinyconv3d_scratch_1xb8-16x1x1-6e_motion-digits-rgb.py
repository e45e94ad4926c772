# Learnability probe: a 3-stage 3D CNN (16-32-64, 3x3x3 kernels) from scratch
# on one 16-frame clip. It must pass the 50% order-free bound of MotionDigits.
_base_ = [
    '../_base_/datasets/motion_digits.py',
    '../_base_/schedules/adamw_cpu_motion_digits.py',
    '../_base_/default_runtime.py'
]

model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='TinyVideoConvNet', widths=(16, 32, 64),
        temporal_kernels=(3, 3, 3)),
    cls_head=dict(
        type='I3DHead',
        num_classes=10,
        in_channels=64,
        spatial_type='avg',
        dropout_ratio=0.0,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[0.0, 0.0, 0.0],
        std=[255.0, 255.0, 255.0],
        format_shape='NCTHW'))

optim_wrapper = dict(optimizer=dict(lr=3e-3, weight_decay=1e-4))
