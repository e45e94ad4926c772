# DeepVideo early fusion: conv1 spans a 10-frame clip (11x11x3x10); Sports-1M, 487 classes. Everything else as the
# single-frame config.
_base_ = ['./deepvideo_single-frame_scratch_1xb32-1x1x1-sports1m-rgb.py']

clip_len, frame_interval, num_test_clips = 10, 1, 20
model = dict(backbone=dict(type='DeepVideoEarlyFusion'))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len,
         frame_interval=frame_interval, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 200)),
    dict(type='CenterCrop', crop_size=200),
    dict(type='RandomCrop', size=170),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len,
         frame_interval=frame_interval, num_clips=1, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 200)),
    dict(type='CenterCrop', crop_size=170),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len,
         frame_interval=frame_interval, num_clips=num_test_clips,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 200)),
    dict(type='CenterCrop', crop_size=200),
    dict(type='TenCrop', crop_size=170),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
