# TSN's RGB-difference stream (Wang et al., ECCV 2016, Sec. 3.2) on UCF101
# split 1 with BN-Inception: each of 3 segments samples L + 1 = 6 frames,
# RGBDifference stacks the L = 5 differences (conv1 takes 15 channels),
# cross-modality initialisation from a local RGB checkpoint (`load_from` +
# CrossModalityInitHook: conv1's RGB mean replicated to 15 channels, as
# tsn-pytorch `_construct_diff_model`). 10,411,397 parameters.
#
# The Caffe release has RGB and flow models only (models/ucf101/), so this
# stream has no release solver: it takes the motion stream's flow solver and
# dropout 0.7 from the BN-Inception flow config below, with tsn-pytorch's
# RGBDiff practices: scales {1, .875, .75}, plain flips (no x negation), and
# conv1 at the same lr multipliers as every layer (the 5x / 10x of the flow
# prototxt's conv1/7x7_s2 is for flow only).
#
# Input: differences lie in [-255, 255] and are fed unnormalised (mean 0,
# std 1) as tsn-pytorch does; their channel order (RGB here) does not matter
# for the replicated initialisation.
_base_ = ['./tsn_bninception_imagenet-pretrained_4xb32-5x1x3-18000it_ucf101-split1-flow.py']

new_length = 5
model = dict(
    backbone=dict(in_channels=3 * new_length),
    data_preprocessor=dict(
        mean=[0.0] * 3 * new_length, std=[1.0] * 3 * new_length))

# the three pipelines: L + 1 frames per segment, crops, then differences
frames = dict(type='SampleFrames', clip_len=new_length + 1, frame_interval=1)
decode = dict(type='RawFrameDecode')
to_differences = [
    dict(type='RGBDifference'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
train_pipeline = [
    dict(frames, num_clips=3), decode,
    dict(type='MultiScaleCrop', input_size=224, scales=(1, 0.875, 0.75),
         random_crop=False, max_wh_scale_gap=1, num_fixed_crops=13),
    dict(type='Resize', scale=(224, 224), keep_ratio=False),
    dict(type='FlowAwareFlip', flip_ratio=0.5)
] + to_differences
val_pipeline = [dict(frames, num_clips=3, test_mode=True), decode,
                dict(type='CenterCrop', crop_size=224)] + to_differences
test_pipeline = [dict(frames, num_clips=25, test_mode=True), decode,
                 dict(type='FlowAwareTenCrop', crop_size=224)] + to_differences
train_dataloader = dict(dataset=dict(pipeline=train_pipeline, **_base_.rgb))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline, **_base_.rgb))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline, **_base_.rgb))

optim_wrapper = dict(
    paramwise_cfg=dict(
        _delete_=True, bias_lr_mult=2.0, bias_decay_mult=0.0,
        norm_decay_mult=0.0))
