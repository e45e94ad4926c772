# TimeSformer divided space-time on MotionDigits, CPU-sized (not ViT-B):
# width 96, 4 blocks, 4 heads, 8x8 patches of the 64 x 64 frames, 8 frames
# (every 2nd of 16): 64 patches x 8 frames = 512 tokens, from scratch. The
# other MotionDigits configs here change `attention_type`.
_base_ = [
    '../_base_/datasets/motion_digits.py',
    '../_base_/schedules/adamw_cpu_motion_digits.py',
    '../_base_/default_runtime.py'
]

num_frames = 8
model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='TimeSformerViT',
        attention_type='divided_space_time',
        num_frames=num_frames,
        img_size=64,
        patch_size=8,
        embed_dims=96,
        depth=4,
        num_heads=4,
        drop_path_rate=0.0),
    cls_head=dict(
        type='TimeSformerHead',
        num_classes=10,
        in_channels=96,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[127.5, 127.5, 127.5],
        std=[127.5, 127.5, 127.5],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=2,
         num_clips=1),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=2,
         num_clips=1, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
# No weight decay on the cls token and the embeddings: the names listed by
# the release's VisionTransformer.no_weight_decay() (vit.py, a timm / DeiT
# convention), which its own optimizer (optimizer.py) does not use; kept
# here because the MotionDigits results below were measured with it.
embeddings_without_decay = dict(custom_keys={
    'backbone.cls_token': dict(decay_mult=0.0),
    'backbone.pos_embed': dict(decay_mult=0.0),
    'backbone.time_embed': dict(decay_mult=0.0)})
optim_wrapper = dict(optimizer=dict(lr=5e-4),
                     paramwise_cfg=embeddings_without_decay)
