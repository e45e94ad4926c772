# TimeSformer-L (divided space-time, 64 x 224) for the release's
# TimeSformer_divST_64_224_SSv2.pyth (--from timesformer) and
# facebook/timesformer-large-finetuned-ssv2 (--from hf-timesformer):
# configs/SSv2/TimeSformer_divST_64_224.yaml (NUM_FRAMES 64, crops 224,
# TRAIN_JITTER_SCALES [256, 320]). BGR input and sampling as the 8 x 224
# converted config.
_base_ = ['./timesformer_divided_timesformer-converted_u8x1x1_sthv2-rgb.py']

model = dict(backbone=dict(num_frames=64, img_size=224))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='UniformSample', clip_len=64),
    dict(type='DecordDecode'),
    dict(type='RandomRescale', scale_range=(256, 320)),
    dict(type='RandomCrop', size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='UniformSample', clip_len=64, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 224)),
    dict(type='ThreeCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
