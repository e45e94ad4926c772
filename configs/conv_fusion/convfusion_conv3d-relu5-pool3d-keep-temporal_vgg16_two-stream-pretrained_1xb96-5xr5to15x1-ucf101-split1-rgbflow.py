# The final architecture of Feichtenhofer et al. 2016 on UCF101 split 1:
# VGG-16 towers (RGB; 20-channel flow stacks, L = 10), concatenation at
# relu5_3 into the spatial tower, 3x3x3 conv fusion 1024 -> 512 initialised
# as [0.25 I ; 0.75 I] x Gaussian, 3D pooling (2 x 2 x T, stride 2) in both
# towers, the temporal tower kept with its own loss, T = 5 positions with
# a random stride tau in [5, 15] drawn once for both modalities (official
# `cnn_ucf101_fusion.m`). Dropout 0.85, batch 96, lr 1e-3 x 2 epochs, then
# 1e-4, 1e-5, 1e-6, biases at 2x lr and no weight decay (`setLrWd`), as the
# release; every epoch is 10 passes over the training list
# (`opts.train.epochFactor = 10`, the list repeated 10x). Training
# augmentation as the release's 'noCtr' (`cnn_ucf101_get_im_flow_batch.m`):
# a corner-biased crop of random height and width 0.75-1.25 x 224 (aspect
# not kept) resized to 224, and horizontal flips that negate the x-flow,
# one draw for the RGB frames and flow stacks of a sample. The backward
# pass stops at relu5_3 (`opts.train.backpropDepth = 'relu5_3_spatial'`):
# the towers' conv layers stay as loaded, see `backprop_depth` in
# `TwoStreamFusionRecognizer`. The release starts from the two trained
# streams: point each tower's init_cfg at a local checkpoint
# (dict(type='Pretrained', checkpoint='...', prefix=...)); nothing is
# downloaded. Validation and test differ from the release (10 clips at
# tau = 10, centre crop; the release: 50 frames at tau = 15, full frame +
# flip, `cnn_train_dag.m`).
_base_ = [
    '../_base_/datasets/ucf101_rawframes.py', '../_base_/default_runtime.py'
]

num_frames, flow_length, stride_range = 5, 10, (5, 15)
head = dict(
    type='LinearHead',
    num_classes=101,
    in_channels=4096,
    spatial_type=None,
    dropout_ratio=0.0,  # fc6 / fc7 dropout lives in the towers
    init_std=0.01,
    average_clips='prob')
model = dict(
    type='TwoStreamFusionRecognizer',
    spatial_backbone=dict(type='VGG16Tower', in_channels=3,
                          dropout_ratio=0.85),
    temporal_backbone=dict(type='VGG16Tower', in_channels=2 * flow_length,
                           dropout_ratio=0.85),
    fusion_layer='relu5',
    fusion=dict(type='Conv3DFusion'),
    pooling='3d',
    cls_head=head,
    temporal_head=head,
    backprop_depth='relu5',
    data_preprocessor=dict(
        type='MultiModalDataPreprocessor',
        preprocessors=dict(
            rgb=dict(
                type='ActionDataPreprocessor',
                mean=[123.675, 116.28, 103.53],
                std=[58.395, 57.12, 57.375],
                format_shape='NCTHW'),
            flow=dict(
                type='ActionDataPreprocessor',
                mean=[128.0] * (2 * flow_length),
                std=[128.0] * (2 * flow_length),
                format_shape='NCTHW'))))

modality = 'RGB+Flow'
train_pipeline = [
    dict(type='SampleAlignedRGBFlow', num_frames=num_frames,
         flow_length=flow_length, stride_range=stride_range),
    dict(type='AlignedRGBFlowDecode'),
    dict(type='NoCentreScaleJitterCrop', size=224, scale_range=(0.75, 1.25)),
    dict(type='Resize', scale=(224, 224), keep_ratio=False),
    dict(type='AlignedRGBFlowFlip', flip_ratio=0.5),
    dict(type='FormatAlignedRGBFlow'),
    dict(type='PackActionInputs', collect_keys=('rgb', 'flow'))
]
test_pipeline = [
    dict(type='SampleAlignedRGBFlow', num_frames=num_frames,
         flow_length=flow_length, stride_range=stride_range, num_clips=10,
         test_mode=True),
    dict(type='AlignedRGBFlowDecode'),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatAlignedRGBFlow'),
    dict(type='PackActionInputs', collect_keys=('rgb', 'flow'))
]
epoch_factor = 10  # passes over the training list per epoch
train_dataloader = dict(
    batch_size=96,
    dataset=dict(
        _delete_=True,
        type='RepeatDataset',
        times=epoch_factor,
        dataset=dict(
            type={{_base_.dataset_type}},
            ann_file={{_base_.train_ann_file}},
            data_prefix=dict(img={{_base_.data_root}}),
            modality=modality,
            pipeline=train_pipeline)))
val_dataloader = dict(
    batch_size=8, dataset=dict(modality=modality, pipeline=test_pipeline))
test_dataloader = dict(
    dataset=dict(modality=modality, pipeline=test_pipeline))

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=5, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4),
    paramwise_cfg=dict(bias_lr_mult=2.0, bias_decay_mult=0.0))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=5, by_epoch=True,
         milestones=[2, 3, 4], gamma=0.1)
]
