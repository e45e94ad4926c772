# TSN on UCF101 split 1, optical flow: 5 stacked flows per segment (2 x 5 =
# 10 channels, x/y interleaved), dropout 0.7, scales {1, .875, .75}, x-flow
# negated when flipping, and cross-modality initialisation from an RGB
# checkpoint: set `load_from` (or the backbone's `pretrained`) to a local
# torchvision ImageNet ResNet-50 file or an MMAction2 TSN-RGB checkpoint of
# this backbone, and CrossModalityInitHook turns its conv1 into the channel
# mean replicated to 10 channels.
# Release solver (models/ucf101/tsn_bn_inception_flow_solver.prototxt): lr
# 0.005, steps at 10k and 16k, 18k in all, gradient clipping 20, for
# 4 GPUs x 32 videos = 128 per iteration (scripts/train_tsn.sh `mpirun -np
# 4`, batch_size 32 in tsn_bn_inception_flow_train_val.prototxt): run it as
# `tools/dist_train.sh CONFIG 4`; for fewer GPUs see the RGB config.
_base_ = ['./tsn_r50_imagenet-pretrained_4xb32-1x1x3-3500it_ucf101-split1-rgb.py']

new_length = 5
model = dict(
    backbone=dict(in_channels=2 * new_length),
    cls_head=dict(dropout_ratio=0.7),
    data_preprocessor=dict(
        mean=[128.0, 128.0] * new_length, std=[128.0, 128.0] * new_length))

train_pipeline = [
    dict(type='SampleFrames', clip_len=new_length, frame_interval=1,
         num_clips=3),
    dict(type='RawFrameDecode'),
    dict(type='MultiScaleCrop', input_size=224, scales=(1, 0.875, 0.75),
         random_crop=False, max_wh_scale_gap=1, num_fixed_crops=13),
    dict(type='Resize', scale=(224, 224), keep_ratio=False),
    dict(type='FlowAwareFlip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
# The RGB config's val / test pipelines on stacks of new_length flows
# (SampleFrames is step 0).
val_pipeline = _base_.val_pipeline
val_pipeline[0].update(clip_len=new_length)
test_pipeline = _base_.test_pipeline
test_pipeline[0].update(clip_len=new_length)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline, **_base_.flow))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline, **_base_.flow))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline, **_base_.flow))

train_cfg = dict(max_iters=18000, val_interval=2000)
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=False, milestones=[10000, 16000],
         gamma=0.1)
]
optim_wrapper = dict(optimizer=dict(lr=0.005), clip_grad=dict(max_norm=20))
custom_hooks = [
    dict(type='NonFiniteLossGuardHook'),
    dict(type='PartialBNHook'),
    dict(type='CrossModalityInitHook'),
]
load_from = None  # a local RGB checkpoint
