# TSN with ResNet-50 on MotionDigits, sized for 2 CPU cores (the README's
# flagship). 3 segments of one frame each, trained from scratch at 64x64.
# TSN averages segment scores, so it cannot use frame order: on MotionDigits
# it is bounded by 50% (chance 10%); measured 30.5% val / 27.5% test.
_base_ = [
    '_base_/models/tsn_r50.py', '_base_/datasets/motion_digits.py',
    '_base_/schedules/adamw_cpu_motion_digits.py', '_base_/default_runtime.py'
]

model = dict(cls_head=dict(num_classes=10))

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=1, frame_interval=1, num_clips=3),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='DecordInit'),
    dict(
        type='SampleFrames',
        clip_len=1,
        frame_interval=1,
        num_clips=3,
        test_mode=True),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(
        type='SampleFrames',
        clip_len=1,
        frame_interval=1,
        num_clips=8,
        test_mode=True),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
