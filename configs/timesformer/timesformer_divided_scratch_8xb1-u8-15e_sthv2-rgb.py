# TimeSformer divided space-time on Something-Something-v2 (174 classes:
# 121.39M parameters; Table 1 gives 121.4M as recalled, docs/papers.md
# §12). No flips (they swap left / right classes); 8 frames spread
# uniformly over each video.
_base_ = ['./timesformer_divided_scratch_8xb1-8x32x1-15e_kinetics400-rgb.py']

model = dict(cls_head=dict(num_classes=174))
data_root = 'data/sthv2'
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='UniformSample', clip_len=8),
    dict(type='DecordDecode'),
    dict(type='RandomRescale', scale_range=(256, 320)),
    dict(type='RandomCrop', size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='UniformSample', clip_len=8, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 224)),
    dict(type='ThreeCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/sthv2_train_list_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos'),
        pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/sthv2_val_list_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos'),
        pipeline=test_pipeline))
test_dataloader = val_dataloader
