# TimeSformer (Bertasius et al. 2021), divided space-time attention, ViT-B/16
# on 8 frames of 224 sampled every 32nd (K400 setting): SGD lr 0.005,
# momentum 0.9, weight decay 1e-4, steps at epochs 11 and 14 of 15, as the
# release. 121.57M parameters at 400 classes (121.39M at 174). Start from
# ImageNet ViT-B/16 weights: point `load_from` at a local converted
# checkpoint (the release copies `attn` to `temporal_attn`).
_base_ = [
    '../_base_/datasets/kinetics400.py', '../_base_/default_runtime.py'
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
        mean=[127.5, 127.5, 127.5],
        std=[127.5, 127.5, 127.5],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=num_frames,
         frame_interval=frame_interval, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='RandomRescale', scale_range=(256, 320)),
    dict(type='RandomCrop', size=224),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
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
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=8, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=15, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
# The release's no_weight_decay: none on the cls token and the embeddings.
embeddings_without_decay = dict(custom_keys={
    'backbone.cls_token': dict(decay_mult=0.0),
    'backbone.pos_embed': dict(decay_mult=0.0),
    'backbone.time_embed': dict(decay_mult=0.0)})
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.005, momentum=0.9, weight_decay=1e-4),
    paramwise_cfg=embeddings_without_decay,
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=15, by_epoch=True,
         milestones=[11, 14], gamma=0.1)
]
auto_scale_lr = dict(enable=False, base_batch_size=64)
