# SlowFast R50 4x16 (Feichtenhofer et al. 2019): 64-frame raw clips sampled
# every 2nd frame (32 Fast frames; alpha = 8 leaves 4 Slow frames), beta =
# 1/8, time-strided conv laterals 5x1x1 -> 2 beta C, concatenated into the
# Slow pathway after pool1, res2, res3, res4. 34.48M parameters at 400
# classes. Recipe of PySlowFast's configs/Kinetics/SLOWFAST_4x16_R50.yaml:
# SGD lr 0.1 (batch 64 over 8 GPUs), momentum 0.9, weight decay 1e-4,
# half-period cosine over MAX_EPOCH 196 with a 34-epoch warm-up from 0.01
# (here LinearLR times the cosine; its slowfast/utils/lr_policy.py draws a
# straight line from 0.01 to the cosine's value at epoch 34: both meet
# there; ours is up to 8% higher in between), no gradient clipping; its init
# (ZERO_INIT_FINAL_BN: True, the backbone's default) and precise BN over 200
# batches (USE_PRECISE_STATS) after every epoch, before its checkpoint and
# evaluation (its tools/train_net.py recomputes before every checkpoint:
# every epoch with CHECKPOINT_PERIOD: 1).
_base_ = [
    '../_base_/datasets/kinetics400_clips.py', '../_base_/default_runtime.py'
]

num_frames, frame_interval = 32, 2
model = dict(
    type='Recognizer3D',
    backbone=dict(type='SlowFastResNet', depth=50, alpha=8, beta_inv=8,
                  lateral='time_strided_conv', lateral_kernel=5,
                  fusion='concat'),
    cls_head=dict(
        type='SlowFastHead',
        num_classes=400,
        in_channels=2304,
        spatial_type='avg',
        dropout_ratio=0.5,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[114.75, 114.75, 114.75],
        std=[57.375, 57.375, 57.375],
        format_shape='NCTHW'))

train_pipeline = _base_.train_pipeline
train_pipeline[1].update(clip_len=num_frames, frame_interval=frame_interval)
test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=num_frames, frame_interval=frame_interval)
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=8, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

max_epochs = 196
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=34,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs, eta_min=0,
         by_epoch=True, begin=0, end=max_epochs)
]
custom_hooks = [
    dict(type='NonFiniteLossGuardHook'),
    dict(type='PreciseBNHook', num_batches=200, interval=1)
]
auto_scale_lr = dict(enable=False, base_batch_size=64)
