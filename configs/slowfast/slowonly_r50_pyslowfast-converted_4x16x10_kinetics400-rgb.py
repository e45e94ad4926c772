# Slow-only R50 4x16 for PySlowFast's Kinetics-400 checkpoints
# (configs/Kinetics/SLOW_4x16_R50.yaml: its ResNet, ARCH slow, on
# NUM_FRAMES 4 every SAMPLING_RATE 16): the Slow pathway on the 4 frames
# themselves (alpha 1), 10 clips x 3 crops of 256 at short side 256, mean /
# std 0.45 / 0.225 (its slowfast/config/defaults.py), its head (4x7x7
# windows). The difference left as in
# slowfast_r50_pyslowfast-converted_4x16x10_kinetics400-rgb.py.
# PySlowFast MODEL_ZOO file: SLOWONLY_4x16_R50.pkl
# (--from pyslowfast, --config slow_r50_4x16); its .pyth runs convert
# the same way.
_base_ = ['./slowonly_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

num_frames, frame_interval = 4, 16
model = dict(
    backbone=dict(alpha=1),
    cls_head=dict(
        _delete_=True, type='WindowPoolHead', num_classes=400,
        in_channels=2048, pool_sizes=((4, 7, 7), ), dropout_ratio=0.5,
        init_std=0.01, average_clips='prob'))
train_pipeline = _base_.train_pipeline
train_pipeline[1].update(clip_len=num_frames, frame_interval=frame_interval)
test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=num_frames, frame_interval=frame_interval)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
