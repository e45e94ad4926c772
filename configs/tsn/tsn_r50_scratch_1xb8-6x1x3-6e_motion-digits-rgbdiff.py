# TSN's RGB-difference modality on MotionDigits: each of 3 segments samples
# L + 1 = 6 frames, RGBDifference stacks the 5 differences (15 channels).
# From scratch on 2 CPU cores; no flips (left/right classes).
_base_ = ['../tsn_r50.py']

new_length = 5
model = dict(
    backbone=dict(in_channels=3 * new_length),
    cls_head=dict(
        _delete_=True,
        type='SegmentConsensusHead',
        num_classes=10,
        in_channels=2048,
        consensus='avg',
        num_segments=3,
        dropout_ratio=0.4,
        init_std=0.01,
        average_clips='prob'),
    # differences lie in [-255, 255] and are mostly 0
    data_preprocessor=dict(
        mean=[0.0] * 3 * new_length, std=[64.0] * 3 * new_length))

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=new_length + 1, frame_interval=1,
         num_clips=3),
    dict(type='DecordDecode'),
    dict(type='RGBDifference'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=new_length + 1, frame_interval=1,
         num_clips=3, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='RGBDifference'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=val_pipeline))
