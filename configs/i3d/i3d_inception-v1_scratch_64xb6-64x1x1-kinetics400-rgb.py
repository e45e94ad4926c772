# I3D, Inflated Inception-V1 (Carreira & Zisserman 2017), RGB stream on
# Kinetics-400: 64 consecutive frames (25 fps), short side 256, random 224
# crop (+ flip, ours) for training, centre crop and all frames (here 10
# clips of 64) at test; pixels rescaled to [-1, 1]; BN with beta only and
# 12.69M parameters at 400 classes; SGD lr 0.1, momentum 0.9, weight decay
# 1e-7, dropout 0.5, 6 clips per replica x 64 replicas, as the release's
# README (kinetics-i3d README.md; the epoch schedule and gradient clipping
# here are ours, the release steps at 97k / 108k of 115k steps). Start from a
# 2D Inception-V1 (torchvision's ImageNet googlenet-1378be20.pth) inflated
# with backbone init_cfg=dict(type='ConvertedPretrained',
# source='inflate-inception-v1', checkpoint=...), as the release's ImageNet
# checkpoints were, or set `tf_same_padding=True` to load converted official
# weights exactly.
_base_ = [
    '../_base_/datasets/kinetics400.py', '../_base_/default_runtime.py'
]

num_frames = 64
model = dict(
    type='Recognizer3D',
    backbone=dict(type='InceptionI3D', in_channels=3),
    cls_head=dict(
        type='I3DLogitsHead',
        num_classes=400,
        in_channels=1024,
        dropout_ratio=0.5,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[127.5, 127.5, 127.5],
        std=[127.5, 127.5, 127.5],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=1),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='RandomCrop', size=224),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=10, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(batch_size=6, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=6, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=40, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-7),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=40, by_epoch=True,
         milestones=[20, 30], gamma=0.1)
]
auto_scale_lr = dict(enable=False, base_batch_size=384)
