# DeepVideo single-frame net (Karpathy et al. 2014) on MotionDigits, from
# scratch on 2 CPU cores. The paper's 170 px input (recalled) becomes
# MotionDigits' 64 px frames (the tower then ends at 3x3x256); no flips
# (left/right classes). Test: 5 frames averaged, as the paper (recalled)
# averages clip predictions.
_base_ = [
    '../_base_/datasets/motion_digits.py',
    '../_base_/schedules/adamw_cpu_motion_digits.py',
    '../_base_/default_runtime.py'
]

backbone = dict(type='DeepVideoSingleFrame', input_size=64)
clip_len, frame_interval, num_clips = 1, 1, 5
model = dict(
    type='Recognizer3D',
    backbone=backbone,
    cls_head=dict(
        type='LinearHead',
        num_classes=10,
        in_channels=4096,
        spatial_type=None,
        dropout_ratio=0.0,  # FC dropout lives in the backbone
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len,
         frame_interval=frame_interval, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len,
         frame_interval=frame_interval, num_clips=num_clips, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(batch_size=16, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
optim_wrapper = dict(optimizer=dict(lr=5e-4))
