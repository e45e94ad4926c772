# Two-stream I3D: an RGB and a flow (TV-L1, 2 channels, truncated to
# [-20, 20] and rescaled to [-1, 1]) Inflated Inception-V1, each with its
# own loss, logits added with equal weight at test (25.36M parameters).
# Frames and flow come from rawframes (tools/extract_flow.py) with one
# sampler for both: 64 time positions, one flow field per frame.
_base_ = ['./i3d_inception-v1_scratch_64xb6-64x1x1-kinetics400-rgb.py']

num_frames = 64
head = dict(type='I3DLogitsHead', num_classes=400, in_channels=1024,
            dropout_ratio=0.5, average_clips='prob')
model = dict(
    _delete_=True,
    type='LateFusionRecognizer',
    streams=dict(
        rgb=dict(backbone=dict(type='InceptionI3D', in_channels=3),
                 cls_head=head),
        flow=dict(backbone=dict(type='InceptionI3D', in_channels=2),
                  cls_head=head)),
    data_preprocessor=dict(
        type='MultiModalDataPreprocessor',
        preprocessors=dict(
            rgb=dict(type='ActionDataPreprocessor', mean=[127.5] * 3,
                     std=[127.5] * 3, format_shape='NCTHW'),
            flow=dict(type='ActionDataPreprocessor', mean=[127.5] * 2,
                      std=[127.5] * 2, format_shape='NCTHW'))))

dataset = dict(
    type='RawframeDataset',
    ann_file='data/kinetics400/kinetics400_train_list_rawframes.txt',
    data_prefix=dict(img='data/kinetics400/rawframes_train'),
    modality='RGB+Flow')
train_pipeline = [
    dict(type='SampleAlignedRGBFlow', num_frames=num_frames, flow_length=1,
         stride_range=(1, 1)),
    dict(type='AlignedRGBFlowDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='RandomCrop', size=224),
    dict(type='FormatAlignedRGBFlow'),
    dict(type='PackActionInputs', collect_keys=('rgb', 'flow'))
]
test_pipeline = [
    dict(type='SampleAlignedRGBFlow', num_frames=num_frames, flow_length=1,
         stride_range=(1, 1), num_clips=10, test_mode=True),
    dict(type='AlignedRGBFlowDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatAlignedRGBFlow'),
    dict(type='PackActionInputs', collect_keys=('rgb', 'flow'))
]
train_dataloader = dict(
    dataset=dict(_delete_=True, pipeline=train_pipeline, **dataset))
val_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='RawframeDataset',
        ann_file='data/kinetics400/kinetics400_val_list_rawframes.txt',
        data_prefix=dict(img='data/kinetics400/rawframes_val'),
        modality='RGB+Flow',
        pipeline=test_pipeline,
        test_mode=True))
test_dataloader = val_dataloader
