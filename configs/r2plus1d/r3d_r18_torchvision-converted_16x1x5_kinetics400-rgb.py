# torchvision's r3d_18 (R3D_18_Weights.KINETICS400_V1, file
# r3d_18-b3b3357e.pth; 33,371,472 parameters, Kinetics-400 clip top-1 63.2
# in its weights meta) converted with
# `tools/convert_checkpoint.py --from torchvision`: ResNet-18 R3D with BN eps
# 1e-5 (torchvision's nn.BatchNorm3d default), 16-frame clips of 112 x 112,
# torchvision's video normalisation (mean 0.43216 / 0.394666 / 0.37645,
# std 0.22803 / 0.22145 / 0.216989 of [0, 1] pixels) and evaluation
# (torchvision models/video/resnet.py _COMMON_META: clip_len 16, 5 clips
# per video; VideoClassification transforms: resize 128 x 171, centre crop
# 112). torchvision also resamples videos to 15 fps, which this pipeline
# does not. Otherwise as the VMZ-recipe R3D config.
_base_ = ['./r3d_r18_scratch_8xb32-8x1x1-100e_kinetics400-rgb.py']

num_frames = 16
model = dict(
    backbone=dict(num_frames=num_frames, bn_eps=1e-5),
    data_preprocessor=dict(
        mean=[0.43216 * 255, 0.394666 * 255, 0.37645 * 255],
        std=[0.22803 * 255, 0.22145 * 255, 0.216989 * 255]))

test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=num_frames, num_clips=5)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
