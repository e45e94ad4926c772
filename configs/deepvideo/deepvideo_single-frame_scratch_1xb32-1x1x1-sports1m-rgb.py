# DeepVideo single-frame net (Karpathy et al. 2014) on Sports-1M, 487 classes.
# Preprocessing as recalled from the paper (Sec. 3.1, not checked against
# its text): centre region resized to 200x200,
# random 170x170 crop, random flip, a constant 117 subtracted from pixels.
# Test (Sec. 4.1): 20 clips per video, several crops/flips per clip,
# predictions averaged; the paper uses 4 crops/flips without naming them,
# here TenCrop's 10 views. Optimiser as recalled from the paper: mini-batches
# of 32, momentum 0.9, weight decay 5e-4, lr 1e-3 lowered by hand when
# validation stalls (Downpour SGD); the step schedule is ours.
_base_ = [
    '../_base_/datasets/sports1m.py', '../_base_/default_runtime.py'
]

clip_len, frame_interval, num_test_clips = 1, 1, 20
model = dict(
    type='Recognizer3D',
    backbone=dict(type='DeepVideoSingleFrame', input_size=170),
    cls_head=dict(
        type='LinearHead',
        num_classes=487,
        in_channels=4096,
        spatial_type=None,
        dropout_ratio=0.0,  # FC dropout lives in the backbone
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[117.0, 117.0, 117.0],
        std=[1.0, 1.0, 1.0],
        format_shape='NCTHW'))

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
train_dataloader = dict(batch_size=32, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=32, dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=30, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=30, by_epoch=True,
         milestones=[15, 25], gamma=0.1)
]
auto_scale_lr = dict(enable=False, base_batch_size=32)
