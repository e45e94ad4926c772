# TimeSformer-HR (divided space-time, 16 x 448) for the release's
# TimeSformer_divST_16x16_448_K400.pyth (--from timesformer) and
# facebook/timesformer-hr-finetuned-k400 (--from hf-timesformer):
# configs/Kinetics/TimeSformer_divST_16x16_448.yaml (NUM_FRAMES 16,
# SAMPLING_RATE 16, TRAIN_JITTER_SCALES [448, 512], crops 448; the model
# takes TRAIN_CROP_SIZE as img_size: pos_embed of 28 x 28 + 1 tokens).
# Test as the 8 x 224 converted config, at 448.
_base_ = [
    './timesformer_divided'
    '_timesformer-converted_8x32x1_kinetics400-rgb.py'
]

model = dict(backbone=dict(num_frames=16, img_size=448))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=16, frame_interval=16, num_clips=1,
         target_fps=30),
    dict(type='DecordDecode'),
    dict(type='RandomRescale', scale_range=(448, 512)),
    dict(type='RandomCrop', size=448),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=16, frame_interval=16, num_clips=1,
         target_fps=30, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 448)),
    dict(type='ThreeCrop', crop_size=448),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
