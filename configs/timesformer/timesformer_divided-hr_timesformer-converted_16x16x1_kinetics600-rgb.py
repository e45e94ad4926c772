# The Kinetics-400 config's model and pipelines with 600 classes, for the
# release's TimeSformer_divST_16x16_448_K600.pyth (--from timesformer) and
# facebook/timesformer-hr-finetuned-k600 (--from hf-timesformer).
_base_ = [
    './timesformer_divided-hr'
    '_timesformer-converted_16x16x1_kinetics400-rgb.py'
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
