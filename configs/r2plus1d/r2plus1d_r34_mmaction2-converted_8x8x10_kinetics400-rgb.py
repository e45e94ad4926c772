# MMAction2's R(2+1)D-34 on Kinetics-400, 8 x 8 (mmaction2 1.2.0
# configs/recognition/r2plus1d/r2plus1d_r34_8xb8-8x8x1-180e_kinetics400-rgb.py,
# model _base_/models/r2plus1d_r34.py: ResNet2Plus1d, BN eps 1e-3), converted
# from its model-zoo file. Our R(2+1)D-34 with MMAction2's differences
# (models/backbones/resnet2plus1d.py, resnet3d.py,
# models/common/conv2plus1d.py): max-pool 1x3x3 / (1, 2, 2) after the stem,
# 83 stem midplanes, eps 1e-5 in the BN inside every (2+1)D conv, and (2+1)D
# projection shortcuts. Input as that config: ImageNet mean / std; validation
# 1 clip of 8 x 8, short side 256, centre 224 crop; test 10 clips x ThreeCrop
# 256.
# r2plus1d_r34_8xb8-8x8x1-180e_kinetics400-rgb_20220812-47cfe041.pth
# (`tools/convert_checkpoint.py --from mmaction2`).
_base_ = ['./r2plus1d_r34_scratch_8xb32-8x1x1-100e_kinetics400-rgb.py']

model = dict(
    backbone=dict(pool1=((1, 3, 3), (1, 2, 2)), stem_midplanes=83,
                  mid_bn_eps=1e-5, projection_2plus1d=True),
    cls_head=dict(dropout_ratio=0.5),
    data_preprocessor=dict(mean=[123.675, 116.28, 103.53],
                           std=[58.395, 57.12, 57.375]))
val_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=8, num_clips=1,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=8, num_clips=10,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='ThreeCrop', crop_size=256),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
