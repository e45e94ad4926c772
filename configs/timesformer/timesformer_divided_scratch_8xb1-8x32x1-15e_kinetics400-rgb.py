# TimeSformer (Bertasius et al. 2021), divided space-time attention, ViT-B/16
# on 8 frames of 224 sampled every 32nd, with the recipe of the release's
# configs/Kinetics/TimeSformer_divST_8x32_224.yaml: SGD lr 0.005, momentum
# 0.9, weight decay 1e-4 on every parameter (its optimizer.py
# construct_optimizer exempts only names containing "bn": none in a ViT),
# steps at epochs 11 and 14 of 15, TRAIN.BATCH_SIZE 8 over NUM_GPUS 8 (the
# loader divides the batch by the GPU count: 1 clip per GPU), short side
# jittered in [256, 320], 224 crops, flips; DATA.MEAN 0.45 / DATA.STD 0.225
# (config/defaults.py) on [0, 1] pixels; test: 3 crops of one clip.
# 121.57M parameters at 400 classes (121.39M at 174). Start from ImageNet
# ViT-B/16 weights: point `load_from` at a local checkpoint whose `attn` /
# `norm1` are also copied to `temporal_attn` / `temporal_norm1` (the
# release's helpers.load_pretrained does that copy; no tool here does).
_base_ = [
    '../_base_/datasets/kinetics400_clips.py', '../_base_/default_runtime.py'
]

num_frames, frame_interval = 8, 32
model = dict(
    type='Recognizer3D',
    backbone=dict(type='TimeSformerViT', attention_type='divided_space_time',
                  num_frames=num_frames, img_size=224),
    cls_head=dict(
        type='TimeSformerHead',
        num_classes=400,
        in_channels=768,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[114.75, 114.75, 114.75],  # 0.45 x 255
        std=[57.375, 57.375, 57.375],  # 0.225 x 255
        format_shape='NCTHW'))

train_pipeline = _base_.train_pipeline
train_pipeline[1].update(clip_len=num_frames, frame_interval=frame_interval)
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=num_frames,
         frame_interval=frame_interval, num_clips=1, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 224)),
    dict(type='ThreeCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(batch_size=1, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=1, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=15, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.005, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=15, by_epoch=True,
         milestones=[11, 14], gamma=0.1)
]
auto_scale_lr = dict(enable=False, base_batch_size=8)
