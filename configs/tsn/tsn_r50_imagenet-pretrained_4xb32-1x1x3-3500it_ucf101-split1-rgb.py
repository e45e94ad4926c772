# TSN (Wang et al., ECCV 2016) on UCF101 split 1, RGB, with the official
# release's practices: K=3 segments with score-level average consensus,
# partial BN, dropout 0.8, corner cropping + scale jittering (scales
# {1, .875, .75, .66} of the 256 short side, aspect distortion <= 1 step,
# 13 fixed offsets), flips, and 25 frames x 10 crops at test time.
# Backbone: ResNet-50 (the release's BN-Inception: tsn_bninception_*
# configs).
#
# Batch: 4 GPUs x 32 videos = 128, as the release: scripts/train_tsn.sh runs
# `mpirun -np 4` with batch_size 32 per process
# (models/ucf101/tsn_bn_inception_rgb_train_val.prototxt, iter_size 1), and
# the solver's iteration counts are written for that batch. Run it as
# `tools/dist_train.sh CONFIG 4` (PartialBNHook works under DDP).
# Four processes rather than one with `optim_wrapper.accumulative_counts=4`:
# MMEngine counts every accumulated batch as an iteration, so one process
# would need every iteration count below multiplied by 4 and would no longer
# read as the release solver. On fewer GPUs, set accumulative_counts to
# 4 / GPUs and multiply max_iters, the milestones and the val / checkpoint
# intervals by it (each GPU's BatchNorm still sees 32 videos, as each
# release process did).
#
# ImageNet weights are not downloaded: set the backbone's `pretrained` to a
# local torchvision ResNet-50 file (MMAction2's ResNet reads torchvision's
# keys), or `load_from` to an MMAction2 checkpoint of this model; for a
# torchvision file as `load_from`, add CrossModalityInitHook, which renames
# its keys and refuses a checkpoint of which no tensor fits the model. From
# scratch the schedule is far too short.
_base_ = [
    '../_base_/datasets/ucf101_rawframes.py', '../_base_/default_runtime.py'
]

num_segments = 3
model = dict(
    type='Recognizer2D',
    backbone=dict(type='ResNet', depth=50, pretrained=None, norm_eval=False),
    cls_head=dict(
        type='SegmentConsensusHead',
        num_classes=101,
        in_channels=2048,
        consensus='avg',
        num_segments=num_segments,
        dropout_ratio=0.8,
        init_std=0.001,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCHW'))

train_pipeline = [
    dict(type='SampleFrames', clip_len=1, frame_interval=1,
         num_clips=num_segments),
    dict(type='RawFrameDecode'),
    dict(type='MultiScaleCrop', input_size=224,
         scales=(1, 0.875, 0.75, 0.66), random_crop=False,
         max_wh_scale_gap=1, num_fixed_crops=13),
    dict(type='Resize', scale=(224, 224), keep_ratio=False),
    dict(type='FlowAwareFlip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='SampleFrames', clip_len=1, frame_interval=1,
         num_clips=num_segments, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='SampleFrames', clip_len=1, frame_interval=1, num_clips=25,
         test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='FlowAwareTenCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs')
]

train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

# Release solver (models/ucf101/tsn_bn_inception_rgb_solver.prototxt): lr
# 0.001, step at 1500 iterations, 3500 in all, momentum 0.9, weight decay
# 5e-4, gradient clipping 40, for 4 x 32 = 128 videos per iteration.
train_cfg = dict(type='IterBasedTrainLoop', max_iters=3500, val_interval=500)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=False, milestones=[1500], gamma=0.1)
]
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.001, momentum=0.9, weight_decay=5e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
# `tools/train.py --auto-scale-lr` rescales lr for another total batch.
auto_scale_lr = dict(enable=False, base_batch_size=128)
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', interval=500, by_epoch=False,
                    save_best='auto', max_keep_ckpts=3))
log_processor = dict(by_epoch=False)
custom_hooks = [
    dict(type='NonFiniteLossGuardHook'),
    dict(type='PartialBNHook'),
]
