# Beyond Short Snippets (Ng et al. 2015), Conv Pooling on MotionDigits: a
# frame-wise CNN (TinyFrameConvNet, a small 2D CNN, on every frame) gives
# 64 x 8 x 8 maps per frame for all 16 frames of a clip; the neck max-pools them over time, then two shared FCs
# (256 wide on CPU; 4096 in the paper, as recalled) and a linear
# classifier. The other configs here swap the neck (or the head, for the
# LSTM).
_base_ = [
    '../_base_/datasets/motion_digits.py',
    '../_base_/schedules/adamw_cpu_motion_digits.py',
    '../_base_/default_runtime.py'
]

feature_channels, feature_size, num_frames = 64, (8, 8), 16
fc_channels = (256, 256)
model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='FramewiseBackbone',
        backbone=dict(type='TinyFrameConvNet',
                      widths=(16, 32, feature_channels))),
    neck=dict(
        type='ConvPooling',
        in_channels=feature_channels,
        feature_size=feature_size,
        fc_channels=fc_channels),
    cls_head=dict(
        type='LinearHead',
        num_classes=10,
        in_channels=fc_channels[-1],
        spatial_type=None,
        dropout_ratio=0.0,  # FC dropout lives in the neck
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))
