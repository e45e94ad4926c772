# The Kinetics-400 config's model and pipelines with 600 classes, for the
# release's TimeSformer_divST_8x32_224_K600.pyth (--from timesformer) and
# facebook/timesformer-base-finetuned-k600 (--from hf-timesformer).
_base_ = [
    './timesformer_divided'
    '_timesformer-converted_8x32x1_kinetics400-rgb.py'
]

model = dict(cls_head=dict(num_classes=600))
data_root = 'data/kinetics600'
train_dataloader = dict(dataset=dict(
    ann_file=f'{data_root}/kinetics600_train_list_videos.txt',
    data_prefix=dict(video=f'{data_root}/videos_train')))
val_dataloader = dict(dataset=dict(
    ann_file=f'{data_root}/kinetics600_val_list_videos.txt',
    data_prefix=dict(video=f'{data_root}/videos_val')))
test_dataloader = val_dataloader
