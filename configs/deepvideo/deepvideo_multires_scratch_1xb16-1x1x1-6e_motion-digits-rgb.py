# DeepVideo multiresolution on MotionDigits: FoveaContextViews turns each
# 64 px frame into the context view (frame downsampled to 32x32) and the
# fovea view (central 32x32 at full resolution); separate streams.
_base_ = ['./deepvideo_single-frame_scratch_1xb16-1x1x1-6e_motion-digits-rgb.py']

clip_len, frame_interval, num_clips = 1, 1, 5
view_size = 32
model = dict(
    backbone=dict(
        _delete_=True, type='DeepVideoMultiresolution', view_size=view_size))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len,
         frame_interval=frame_interval, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='FoveaContextViews', view_size=view_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len,
         frame_interval=frame_interval, num_clips=num_clips, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='FoveaContextViews', view_size=view_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
