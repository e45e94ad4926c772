# PyTorchVideo's bottleneck R(2+1)D-50 (torch.hub pytorchvideo
# r2plus1d_r50, pytorchvideo/models/r2plus1d.py create_r2plus1d; its
# Kinetics-400 R2PLUS1D_16x4_R50.pyth, convert with
# tools/convert_checkpoint.py --from pytorchvideo): 1x7x7 stem without
# pool1, every 3x3 a temporal-first (2+1)D conv with out-wide inner layer,
# spatial strides 2 in res2..res5, temporal strides 2 in res4 / res5.
# 16 frames every 4th, 10 clips x 3 crops of 256 at short side 256, mean /
# std 0.45 / 0.225, as PySlowFast's configs/Kinetics/pytorchvideo/
# R2PLUS1D_16x4_R50.yaml, which trained it, and the 4x7x7 window head of
# its ptv_model_builder.py PTVR2plus1D (fully convolutional test). The
# difference left as in
# ../nonlocal/i3d_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py.
_base_ = ['../nonlocal/i3d_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py']

num_frames, frame_interval = 16, 4
model = dict(
    backbone=dict(variant='r2plus1d-tfirst', pool1=None, pool2=None,
                  spatial_strides=(2, 2, 2, 2),
                  temporal_strides=(1, 1, 2, 2)))
train_pipeline = _base_.train_pipeline
train_pipeline[1].update(clip_len=num_frames, frame_interval=frame_interval)
test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=num_frames, frame_interval=frame_interval)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
