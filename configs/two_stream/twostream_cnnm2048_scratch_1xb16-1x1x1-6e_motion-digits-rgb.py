# Two-stream ConvNets (Simonyan & Zisserman 2014), spatial stream: CNN-M-2048
# on single RGB frames of MotionDigits, from scratch. Frames are 64x64, so
# the network is built for 64x64 inputs (pool5 1x1x512) and tested on 25
# frames x 1 full-frame view: the paper's 10 crops include flips, which swap
# MotionDigits' left/right classes.
_base_ = [
    '../_base_/datasets/motion_digits.py',
    '../_base_/schedules/adamw_cpu_motion_digits.py',
    '../_base_/default_runtime.py'
]

model = dict(
    type='Recognizer2D',
    backbone=dict(type='CNNM2048', in_channels=3, input_size=64),
    cls_head=dict(
        type='TSNHead',
        num_classes=10,
        in_channels=2048,
        spatial_type=None,
        consensus=dict(type='AvgConsensus', dim=1),
        dropout_ratio=0.0,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCHW'))

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=1, frame_interval=1, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=1, frame_interval=1, num_clips=5,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=1, frame_interval=1, num_clips=25,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(batch_size=16, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
optim_wrapper = dict(optimizer=dict(lr=5e-4))
