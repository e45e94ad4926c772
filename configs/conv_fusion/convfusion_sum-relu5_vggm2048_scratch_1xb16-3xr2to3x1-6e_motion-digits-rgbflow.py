# Convolutional two-stream fusion (Feichtenhofer et al. 2016), Table 1 row
# "Sum at ReLU5" on MotionDigits: VGG-M-2048 towers (CNNM2048) built for
# 64x64 frames, from scratch, RGB tower + flow tower cut at ReLU5, sum fusion,
# 2D pooling (each time position its own prediction, averaged).
# CPU sizing: T = 3 positions, flow stacks of L = 5, stride tau in [2, 3]
# (the paper: T = 5, L = 10, tau in [5, 15], which needs 50+ frames;
# MotionDigits has 15 flow fields). The other configs here change the fusion.
_base_ = [
    '../_base_/datasets/motion_digits.py',
    '../_base_/schedules/adamw_cpu_motion_digits.py',
    '../_base_/default_runtime.py'
]

num_frames, flow_length, stride_range = 3, 5, (2, 3)
head = dict(
    type='LinearHead',
    num_classes=10,
    in_channels=2048,
    spatial_type=None,
    dropout_ratio=0.0,  # fc6 / fc7 dropout lives in the towers
    init_std=0.01,
    average_clips='prob')
model = dict(
    type='TwoStreamFusionRecognizer',
    spatial_backbone=dict(type='CNNM2048', in_channels=3, input_size=64),
    temporal_backbone=dict(
        type='CNNM2048',
        in_channels=2 * flow_length,
        input_size=64,
        lrn_after_conv2=False,
        subtract_mean_flow=True),
    fusion_layer='relu5',
    fusion=dict(type='SumFusion'),
    pooling='2d',
    cls_head=head,
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

dataset_type = 'MotionDigitsRawframeDataset'
train_pipeline = [
    dict(type='SampleAlignedRGBFlow', num_frames=num_frames,
         flow_length=flow_length, stride_range=stride_range),
    dict(type='AlignedRGBFlowDecode'),
    dict(type='FormatAlignedRGBFlow'),
    dict(type='PackActionInputs', collect_keys=('rgb', 'flow'))
]
test_pipeline = [
    dict(type='SampleAlignedRGBFlow', num_frames=num_frames,
         flow_length=flow_length, stride_range=stride_range, num_clips=5,
         test_mode=True),
    dict(type='AlignedRGBFlowDecode'),
    dict(type='FormatAlignedRGBFlow'),
    dict(type='PackActionInputs', collect_keys=('rgb', 'flow'))
]
train_dataloader = dict(
    batch_size=16,
    dataset=dict(type=dataset_type, modality='RGB+Flow',
                 pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(type=dataset_type, modality='RGB+Flow',
                 pipeline=test_pipeline))
test_dataloader = dict(
    dataset=dict(type=dataset_type, modality='RGB+Flow',
                 pipeline=test_pipeline))
optim_wrapper = dict(optimizer=dict(lr=5e-4))
