# MMAction2's C3D fine-tuned on UCF101 split 1 from its Sports-1M weights
# (mmaction2 1.2.0 configs/recognition/c3d/
# c3d_sports1m-pretrained_8xb30-16x1x1-45e_ucf101-rgb.py, model
# _base_/models/c3d_sports1m_pretrained.py), converted from its model-zoo
# file (keys unchanged). The backbone is MMAction2's own `C3D`, whose pool5
# pads (0, 1, 1): `C3DCaffe` pools as the Caffe release instead and would not
# reproduce these weights. Input as that config: 16 consecutive frames, short
# side 128, centre 112 crop, mean (104, 117, 128), std 1; 10 clips at test, 1
# at validation.
# c3d_sports1m-pretrained_8xb30-16x1x1-45e_ucf101-rgb_20220811-31723200.pth
# (`tools/convert_checkpoint.py --from mmaction2`).
_base_ = ['./c3d_sports1m-pretrained_1xb30-16x1x1-45e_ucf101-split1-rgb.py']

model = dict(
    backbone=dict(_delete_=True, type='C3D', style='pytorch',
                  conv_cfg=dict(type='Conv3d'), norm_cfg=None,
                  act_cfg=dict(type='ReLU'), dropout_ratio=0.5,
                  init_std=0.005),
    cls_head=dict(init_std=0.01))

val_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=16, frame_interval=1, num_clips=1,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=16, frame_interval=1, num_clips=10,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
