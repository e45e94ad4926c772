# The video-ResNet family of Tran et al. 2018 on Kinetics-400: ResNet-18,
# L = 8 frames of 112 x 112 (Table 2 setting), no pool1, BN eps 1e-3 as the
# release (VMZ c2/lib/models/r3d_model.py use_pool1=False; add_spatial_bn
# epsilon=1e-3). This file is R3D; the others here change
# `backbone.variant`. Train: random 112 crops of frames resized to
# 128 x 171, flips; test: 10 clips, centre crop. SGD with the release's
# momentum 0.9 and weight decay 1e-4 (c2/tools/train_net.py,
# c2/scripts/train_r2plus1d_kinetics.sh). Not the release's: lr 0.01 for
# the whole 8 x 32 batch (the release multiplies 0.01 by the GPU count, 32
# clips each: 0.08 at this batch), 100 epochs with steps at 40 and 80 (the
# release: x0.1 every 10 epochs of 1M clips, 35 epochs) and gradient
# clipping at 40 (none in the release).
_base_ = [
    '../_base_/datasets/kinetics400.py', '../_base_/default_runtime.py'
]

num_frames = 8
model = dict(
    type='Recognizer3D',
    backbone=dict(type='VideoResNet', variant='r3d', depth=18,
                  num_frames=num_frames),
    cls_head=dict(
        type='I3DHead',
        num_classes=400,
        in_channels=512,
        spatial_type='avg',
        dropout_ratio=0.0,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[110.2, 100.6, 96.0],
        std=[58.1, 56.5, 55.3],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=1),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(171, 128), keep_ratio=False),
    dict(type='RandomCrop', size=112),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=10, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(171, 128), keep_ratio=False),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(batch_size=32, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=32, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=100, by_epoch=True,
         milestones=[40, 80], gamma=0.1)
]
auto_scale_lr = dict(enable=False, base_batch_size=256)
