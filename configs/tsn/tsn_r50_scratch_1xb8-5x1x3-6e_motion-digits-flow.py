# TSN with ResNet-50 on the MotionDigits flow variant (Farneback), from
# scratch on 2 CPU cores: 3 segments of 5 stacked flows (10 channels),
# score-level average consensus. No flips or crops (left/right classes), and
# no partial BN (meant for ImageNet-initialised nets, not training from
# scratch).
_base_ = ['../tsn_r50.py']

new_length = 5
model = dict(
    backbone=dict(in_channels=2 * new_length),
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
    data_preprocessor=dict(
        mean=[128.0, 128.0] * new_length, std=[128.0, 128.0] * new_length))

dataset_type = 'MotionDigitsRawframeDataset'
train_pipeline = [
    dict(type='SampleFrames', clip_len=new_length, frame_interval=1,
         num_clips=3),
    dict(type='RawFrameDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='SampleFrames', clip_len=new_length, frame_interval=1,
         num_clips=3, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(
    dataset=dict(type=dataset_type, modality='Flow', pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(type=dataset_type, modality='Flow', pipeline=val_pipeline))
test_dataloader = dict(
    dataset=dict(type=dataset_type, modality='Flow', pipeline=val_pipeline))
