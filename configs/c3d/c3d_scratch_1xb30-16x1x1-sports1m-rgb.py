# C3D (Tran et al. 2015) on Sports-1M, 487 classes: `C3DCaffe` (8 convs
# 3x3x3, pool1 1x2x2, pool5 2x2x2 in Caffe's ceil mode to 1 x 4 x 4 x 512 =
# 8192 as the release's c3d_sport1m_feature_extractor_frm.prototxt, fc6 /
# fc7 4096); 16-frame clips resized to 128 x 171 and 112 crops (the
# prototxt's new_height / new_width / crop_size), random crops and flips for
# training; mini-batches of 30, lr 0.003 halved every 150K iterations (Sec.
# 3.2, as recalled: the release has no Sports-1M solver).
# 79.99M parameters. fc6 features: `backbone.fc6` (see the README).
_base_ = [
    '../_base_/datasets/sports1m.py', '../_base_/default_runtime.py'
]

model = dict(
    type='Recognizer3D',
    backbone=dict(type='C3DCaffe', out_dim=8192, dropout_ratio=0.5),
    cls_head=dict(
        type='I3DHead',
        num_classes=487,
        in_channels=4096,
        spatial_type=None,
        dropout_ratio=0.5,
        init_std=0.005,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[104.0, 117.0, 128.0],
        std=[1.0, 1.0, 1.0],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=16, frame_interval=1, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(171, 128), keep_ratio=False),
    dict(type='RandomCrop', size=112),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=16, frame_interval=1, num_clips=10,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(171, 128), keep_ratio=False),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(batch_size=30, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=30, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

train_cfg = dict(type='IterBasedTrainLoop', max_iters=1_900_000,
                 val_interval=50_000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.003, momentum=0.9, weight_decay=5e-4))
param_scheduler = [
    dict(type='StepLR', begin=0, end=1_900_000, by_epoch=False,
         step_size=150_000, gamma=0.5)
]
default_hooks = dict(checkpoint=dict(by_epoch=False, interval=50_000))
