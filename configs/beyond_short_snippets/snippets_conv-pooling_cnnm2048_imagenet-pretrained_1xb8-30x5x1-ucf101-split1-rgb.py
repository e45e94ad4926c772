# Beyond Short Snippets (Ng et al. 2015), Conv Pooling on UCF101 split 1:
# CNN-M-2048 up to pool5 (an AlexNet-type tower, as the paper's AlexNet
# variant; 6 x 6 x 512 maps) on 30 frames, max over time, two 4096 FCs,
# softmax. The paper samples 1 frame/s on Sports-1M; UCF101 clips last ~7 s,
# so here every 5th frame (30 frames ~ 6 s; short videos loop). Point
# `load_from` at a local ImageNet / Sports-1M checkpoint of the tower.
# Paper values in these configs are as recalled (no code released;
# docs/papers.md §4).
_base_ = [
    '../_base_/datasets/ucf101_rawframes.py', '../_base_/default_runtime.py'
]

num_frames, frame_interval = 30, 5
model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='FramewiseBackbone',
        backbone=dict(type='CNNM2048', input_size=224, features_only=True)),
    neck=dict(
        type='ConvPooling',
        in_channels=512,
        feature_size=(6, 6),
        fc_channels=(4096, 4096)),
    cls_head=dict(
        type='LinearHead',
        num_classes=101,
        in_channels=4096,
        spatial_type=None,
        dropout_ratio=0.0,  # FC dropout lives in the neck
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='SampleFrames', clip_len=num_frames,
         frame_interval=frame_interval, num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='RandomCrop', size=224),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='SampleFrames', clip_len=num_frames,
         frame_interval=frame_interval, num_clips=1, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=8, dataset=dict(pipeline=test_pipeline))
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
