# R(2+1)D-34 on optical flow (the flow stream of Tran et al. 2018, Table 4):
# 2 input channels (VMZ c2/scripts/extract_feature_kinetics_of.sh
# --num_channels=2; one x / y field per frame, TV-L1 rawframes from
# tools/extract_flow.py, quantised to [0, 255] around 128), otherwise the
# RGB config. 63,694,970 parameters at 400 classes (the RGB net's
# 63,697,175 less 45 x 1 x 7 x 7 stem weights). To start from an RGB
# checkpoint instead of from scratch, set `load_from` to it:
# CrossModalityInitHook turns its first conv into the RGB channel mean
# replicated to 2 channels.
_base_ = ['./r2plus1d_r34_scratch_8xb32-8x1x1-100e_kinetics400-rgb.py']

num_frames = 8
model = dict(
    backbone=dict(in_channels=2),
    data_preprocessor=dict(mean=[128.0, 128.0], std=[128.0, 128.0]))

dataset = dict(type='RawframeDataset', modality='Flow',
               filename_tmpl='flow_{}_{:05d}.jpg')
train_pipeline = [
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(171, 128), keep_ratio=False),
    dict(type='RandomCrop', size=112),
    dict(type='FlowAwareFlip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=10, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(171, 128), keep_ratio=False),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(
    ann_file='data/kinetics400/kinetics400_train_list_rawframes.txt',
    data_prefix=dict(_delete_=True, img='data/kinetics400/rawframes_train'),
    pipeline=train_pipeline, **dataset))
val_dataloader = dict(dataset=dict(
    ann_file='data/kinetics400/kinetics400_val_list_rawframes.txt',
    data_prefix=dict(_delete_=True, img='data/kinetics400/rawframes_val'),
    pipeline=test_pipeline, **dataset))
test_dataloader = val_dataloader
custom_hooks = [
    dict(type='NonFiniteLossGuardHook'),
    dict(type='CrossModalityInitHook'),
]
