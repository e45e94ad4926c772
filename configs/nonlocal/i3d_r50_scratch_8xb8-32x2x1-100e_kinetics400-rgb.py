# I3D-R50 of the non-local release (Wang et al. 2018; video-nonlocal-net
# lib/models/resnet_video_org.py, obtain_arc arc 2): the 3x1x1 inflation of
# every other bottleneck (res2 all, res3 / res4 every other, res5 the middle
# one), conv1 5x7x7 / (2, 2, 2), pool1 2x3x3 / 2 (unpadded there: res2 is
# 55 x 55 at 224 px; padded here: 56 x 56), pool2 2x1x1 / 2: 32 frames
# (interval 2) leave T = 4 for res3-res5. The paper's Table 1, as recalled,
# lists the pools as 3x3x3 and 3x1x1 with the same strides.
# 28.04M parameters at 400 classes. The "+ NL" configs here add blocks.
# The release initialises from ImageNet ResNet-50 by inflation (repeat in
# time, divide by the length: lib/utils/checkpoints.py): set
# model.backbone.init_cfg=dict(type='ConvertedPretrained',
# source='inflate-resnet', checkpoint='resnet50.pth') (torchvision or
# MMAction2 layout).
_base_ = [
    '../_base_/datasets/kinetics400_clips.py', '../_base_/default_runtime.py'
]

num_frames, frame_interval = 32, 2
model = dict(
    type='Recognizer3D',
    backbone=dict(type='VideoResNet', variant='i3d', depth=50),
    cls_head=dict(
        type='I3DHead',
        num_classes=400,
        in_channels=2048,
        spatial_type='avg',
        dropout_ratio=0.5,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))

train_pipeline = _base_.train_pipeline
train_pipeline[1].update(clip_len=num_frames, frame_interval=frame_interval)
test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=num_frames, frame_interval=frame_interval)
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=8, dataset=dict(pipeline=test_pipeline))
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
auto_scale_lr = dict(enable=False, base_batch_size=64)
