# I3D R50 8x8 for PySlowFast's Kinetics-400 checkpoints
# (configs/Kinetics/I3D_8x8_R50.yaml; convert with
# tools/convert_checkpoint.py --from pyslowfast). Its ResNet (ARCH i3d,
# slowfast/models/video_model_builder.py): conv1 5x7x7 with temporal
# stride 1, pool1 1x3x3 / (1, 2, 2) padded (0, 1, 1) (stem_helper.py
# ResNetBasicStem), pool2 2x1x1 / 2 after res2 (_POOL1 'i3d'), the
# inflation of _TEMPORAL_KERNEL_BASIS 'i3d' (the non-local release's).
# Views as its config: 8 frames every 8th, 10 clips x 3 crops of 256 at
# short side 256 (TEST.NUM_ENSEMBLE_VIEWS 10, NUM_SPATIAL_CROPS 3), mean /
# std 0.45 / 0.225 (slowfast/config/defaults.py), its head (head_helper.py
# ResNetBasicHead: a 4x7x7 window; at 256 px the mean softmax of 2 x 2
# positions). Difference left: its loader resamples to 30 fps and spreads
# a clip's frames by linspace (datasets/decoder.py temporal_sampling).
# PySlowFast MODEL_ZOO file: I3D_8x8_R50.pkl (--from pyslowfast);
# its .pyth runs convert the same way.
_base_ = ['./i3d_r50_scratch_8xb8-32x2x1-100e_kinetics400-rgb.py']

num_frames, frame_interval = 8, 8
model = dict(
    backbone=dict(stem_temporal_stride=1, pool1=((1, 3, 3), (1, 2, 2)),
                  pool2=((2, 1, 1), (2, 1, 1))),
    data_preprocessor=dict(mean=[114.75, 114.75, 114.75],
                           std=[57.375, 57.375, 57.375]),
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
