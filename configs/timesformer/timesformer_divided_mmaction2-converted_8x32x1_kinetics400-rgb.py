# MMAction2's TimeSformer (divided space-time, ViT-B/16) on Kinetics-400
# (mmaction2 1.2.0 configs/recognition/timesformer/
# timesformer_divST_8xb8-8x32x1-15e_kinetics400-rgb.py on
# timesformer_spaceOnly_8xb8-8x32x1-15e_kinetics400-rgb.py), converted from
# its model-zoo file (its nn.MultiheadAttention in_proj / out_proj are our
# qkv / proj). Input as that config: mean / std 127.5 (pixels to [-1, 1]);
# validation 1 clip of 8 x 32, short side 256, centre 224 crop; test 1 clip,
# short side 224, ThreeCrop 224.
# timesformer_divST_8xb8-8x32x1-15e_kinetics400-rgb_20220815-a4d0d01f.pth
# (`tools/convert_checkpoint.py --from mmaction2`).
_base_ = ['./timesformer_divided_scratch_8xb1-8x32x1-15e_kinetics400-rgb.py']

model = dict(data_preprocessor=dict(mean=[127.5, 127.5, 127.5],
                                    std=[127.5, 127.5, 127.5]))
val_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=32, num_clips=1,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
