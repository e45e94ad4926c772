# Two-stream ConvNets (Simonyan & Zisserman 2014), temporal stream: CNN-M-2048
# on L=10 stacked optical flows (2L = 20 channels, x/y interleaved), with
# mean flow subtraction and no LRN after conv2, from scratch on the
# MotionDigits flow variant (Farneback, extracted on first use). Tested on 25
# flow stacks x 1 full-frame view (flips would swap left/right classes).
_base_ = ['./twostream_cnnm2048_scratch_1xb16-1x1x1-6e_motion-digits-rgb.py']

clip_len = 10  # L
model = dict(
    backbone=dict(
        in_channels=2 * clip_len, lrn_after_conv2=False,
        subtract_mean_flow=True),
    data_preprocessor=dict(
        mean=[128.0, 128.0] * clip_len, std=[128.0, 128.0] * clip_len))

dataset_type = 'MotionDigitsRawframeDataset'
train_pipeline = [
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1,
         num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1,
         num_clips=5, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1,
         num_clips=25, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(
    dataset=dict(type=dataset_type, modality='Flow',
                 pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(type=dataset_type, modality='Flow', pipeline=val_pipeline))
test_dataloader = dict(
    dataset=dict(type=dataset_type, modality='Flow', pipeline=test_pipeline))
