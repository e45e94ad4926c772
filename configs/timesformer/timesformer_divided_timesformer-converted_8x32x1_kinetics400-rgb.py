# TimeSformer (divided space-time, 8 x 224) for the release's Kinetics-400
# checkpoint TimeSformer_divST_8x32_224_K400.pyth (README "Model Zoo";
# tools/convert_checkpoint.py --from timesformer) and its transformers port
# facebook/timesformer-base-finetuned-k400 (--from hf-timesformer). The
# model is the scratch config's: vit.py vit_base_patch16_224 (ViT-B/16, qkv
# bias, LayerNorm eps 1e-6, drop path 0.1; the head's DROPOUT_RATE is never
# applied there). Test as the release evaluates
# (configs/Kinetics/TimeSformer_divST_8x32_224.yaml,
# timesformer/datasets/kinetics.py, decoder.py, transform.py): frames
# resampled to DATA.TARGET_FPS 30, 8 frames every 32nd, short side to
# TEST_CROP_SIZE 224, 3 crops along the long side (NUM_SPATIAL_CROPS 3) of
# one clip (NUM_ENSEMBLE_VIEWS 1), DATA.MEAN / STD 0.45 / 0.225 on RGB.
# Not reproduced: the release's one clip starts at the first frame
# (decoder.get_start_end_idx: clip 0 of 1), SampleFrames centres it; PyAV
# decoding and torch bilinear resizing there, decord and cv2 here.
_base_ = ['./timesformer_divided_scratch_8xb1-8x32x1-15e_kinetics400-rgb.py']

test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=32, num_clips=1,
         target_fps=30, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 224)),
    dict(type='ThreeCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
