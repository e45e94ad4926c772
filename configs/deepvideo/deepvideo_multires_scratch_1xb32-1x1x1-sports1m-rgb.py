# DeepVideo multiresolution net on Sports-1M, 487 classes: 178x178 frames
# (centre region resized to 200, random 178 crop, flip), turned by
# FoveaContextViews into the context view (frame downsampled to 89x89) and
# the fovea view (central 89x89 at full resolution); two separate streams,
# as the paper's Fig. 2 is recalled ("two separate streams"; sharing not
# stated). Everything else as the single-frame config.
_base_ = ['./deepvideo_single-frame_scratch_1xb32-1x1x1-sports1m-rgb.py']

clip_len, frame_interval, num_test_clips = 1, 1, 20
frame_size, view_size = 178, 89
model = dict(
    backbone=dict(
        _delete_=True,
        type='DeepVideoMultiresolution',
        view_size=view_size,
        share_streams=False))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len,
         frame_interval=frame_interval, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 200)),
    dict(type='CenterCrop', crop_size=200),
    dict(type='RandomCrop', size=frame_size),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FoveaContextViews', view_size=view_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len,
         frame_interval=frame_interval, num_clips=1, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 200)),
    dict(type='CenterCrop', crop_size=frame_size),
    dict(type='FoveaContextViews', view_size=view_size),
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
    dict(type='TenCrop', crop_size=frame_size),
    dict(type='FoveaContextViews', view_size=view_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
