# I3D (full-width Inflated Inception-V1) on MotionDigits, CPU-sized input:
# 16 frames of 64 x 64, so Mixed_5c is 2 x 2 x 2 and the logits average
# pool is 2 x 2 x 2 (the release's i3d.py Logits: 2 x 7 x 7 at 224 px);
# from scratch.
# 750 training steps: BN momentum 0.1 instead of the release's 0.001 (whose
# running statistics would still hold 0.999^750 = 47% of their initial
# values), and precise BN (statistics recomputed over 50 training batches)
# before every validation and checkpoint.
_base_ = [
    '../_base_/datasets/motion_digits.py',
    '../_base_/schedules/adamw_cpu_motion_digits.py',
    '../_base_/default_runtime.py'
]

model = dict(
    type='Recognizer3D',
    backbone=dict(type='InceptionI3D', in_channels=3, bn_momentum=0.1),
    cls_head=dict(
        type='I3DLogitsHead',
        num_classes=10,
        in_channels=1024,
        pool_size=(2, 2, 2),
        dropout_ratio=0.5,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[127.5, 127.5, 127.5],
        std=[127.5, 127.5, 127.5],
        format_shape='NCTHW'))
custom_hooks = [
    dict(type='NonFiniteLossGuardHook'),
    dict(type='PreciseBNHook', num_batches=50)
]
