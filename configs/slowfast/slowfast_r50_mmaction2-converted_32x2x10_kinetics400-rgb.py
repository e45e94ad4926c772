# MMAction2's SlowFast-R50 4x16 on Kinetics-400 (mmaction2 1.2.0
# configs/recognition/slowfast/
# slowfast_r50_8xb8-4x16x1-256e_kinetics400-rgb.py, model
# _base_/models/slowfast_r50.py: ResNet3dSlowFast, tau 8, alpha 8, beta
# 1/8), converted from its model-zoo file. As our SlowFast R50 4x16 except
# the laterals: a 5x1x1 conv alone, no BN / ReLU (lateral_norm=False;
# `ResNet3dPathway` lateral_norm=False in
# models/backbones/resnet3d_slowfast.py). Its Slow frames are every 8th
# (nearest interpolation by 1/8: frames 0, 8, 16, 24), our 'strided'. Input
# as that config: ImageNet mean / std; validation 1 clip of 32 x 2, short
# side 256, centre 224 crop; test 10 clips x ThreeCrop 256.
# slowfast_r50_8xb8-4x16x1-256e_kinetics400-rgb_20220901-701b0f6f.pth
# (`tools/convert_checkpoint.py --from mmaction2`).
_base_ = ['./slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

model = dict(
    backbone=dict(lateral_norm=False),
    data_preprocessor=dict(mean=[123.675, 116.28, 103.53],
                           std=[58.395, 57.12, 57.375]))
val_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=32, frame_interval=2, num_clips=1,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
