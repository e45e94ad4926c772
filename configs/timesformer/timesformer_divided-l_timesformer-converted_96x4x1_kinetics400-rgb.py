# TimeSformer-L (divided space-time, 96 x 224) for the release's
# TimeSformer_divST_96x4_224_K400.pyth (--from timesformer) and
# facebook/timesformer-large-finetuned-k400 (--from hf-timesformer):
# configs/Kinetics/TimeSformer_divST_96x4_224.yaml (NUM_FRAMES 96,
# SAMPLING_RATE 4, crops 224: time_embed of 96 frames). Test as the
# 8 x 224 converted config.
_base_ = [
    './timesformer_divided'
    '_timesformer-converted_8x32x1_kinetics400-rgb.py'
]

model = dict(backbone=dict(num_frames=96))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=96, frame_interval=4, num_clips=1,
         target_fps=30),
    dict(type='DecordDecode'),
    dict(type='RandomRescale', scale_range=(256, 320)),
    dict(type='RandomCrop', size=224),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=96, frame_interval=4)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
