# TimeSformer-HR (divided space-time, 16 x 448) for the release's
# TimeSformer_divST_16_448_SSv2.pyth (--from timesformer) and
# facebook/timesformer-hr-finetuned-ssv2 (--from hf-timesformer):
# configs/SSv2/TimeSformer_divST_16_448.yaml (NUM_FRAMES 16, crops 448,
# TRAIN_JITTER_SCALES [448, 512]). BGR input and sampling as the 8 x 224
# converted config.
_base_ = ['./timesformer_divided_timesformer-converted_u8x1x1_sthv2-rgb.py']

model = dict(backbone=dict(num_frames=16, img_size=448))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='UniformSample', clip_len=16),
    dict(type='DecordDecode'),
    dict(type='RandomRescale', scale_range=(448, 512)),
    dict(type='RandomCrop', size=448),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='UniformSample', clip_len=16, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 448)),
    dict(type='ThreeCrop', crop_size=448),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
