# I3D-R50 on MotionDigits, CPU-sized: base width 16 (channels 16..128 x 4;
# not the paper's width), 16 frames of 64 x 64 with conv1 and the pools
# striding time as in the release (resnet_video_org.py; T = 2 for
# res3-res5), from scratch.
_base_ = [
    '../_base_/datasets/motion_digits.py',
    '../_base_/schedules/adamw_cpu_motion_digits.py',
    '../_base_/default_runtime.py'
]

model = dict(
    type='Recognizer3D',
    backbone=dict(type='VideoResNet', variant='i3d', depth=50,
                  base_channels=16),
    cls_head=dict(
        type='I3DHead',
        num_classes=10,
        in_channels=512,
        spatial_type='avg',
        dropout_ratio=0.0,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))
