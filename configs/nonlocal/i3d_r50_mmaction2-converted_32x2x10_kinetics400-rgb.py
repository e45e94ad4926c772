# MMAction2's I3D-R50 on Kinetics-400 (mmaction2 1.2.0 configs/recognition/
# i3d/i3d_imagenet-pretrained-r50_8xb8-32x2x1-100e_kinetics400-rgb.py, model
# _base_/models/i3d_r50.py: ResNet3d, conv1 5x7x7 / (2, 2, 2), inflate ((1,
# 1, 1), (1, 0, 1, 0), (1, 0, 1, 0, 1, 0), (0, 1, 0)) 3x1x1, pool2),
# converted from its model-zoo file. Our 'i3d' VideoResNet is that network
# except pool1: MMAction2's `ResNet3d` pools 1x3x3 with stride
# (pool1_stride_t = 2, 2, 2) and padding (0, 1, 1)
# (models/backbones/resnet3d.py `_make_stem_layer`). Input as that config:
# ImageNet mean / std; validation 1 clip of 32 x 2, short side 256, centre
# 224 crop; test 10 clips x ThreeCrop 256.
# i3d_imagenet-pretrained-r50_8xb8-32x2x1-100e_kinetics400-rgb_20220812-e213c223.pth
# (`tools/convert_checkpoint.py --from mmaction2`).
_base_ = ['./i3d_r50_scratch_8xb8-32x2x1-100e_kinetics400-rgb.py']

model = dict(backbone=dict(pool1=((1, 3, 3), (2, 2, 2))))
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
