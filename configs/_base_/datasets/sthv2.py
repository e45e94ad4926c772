# Something-Something v2 (Goyal et al. 2017): 174 classes. Labels such as
# "pushing something from left to right" depend on direction: no flipping.
_base_ = ['./_video_rgb.py']
num_classes = 174
data_root = 'data/sthv2'

train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=16, frame_interval=2, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='RandomResizedCrop'),
    dict(type='Resize', scale=(224, 224), keep_ratio=False),
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
        data_prefix=dict(video=f'{data_root}/videos')))
test_dataloader = val_dataloader
