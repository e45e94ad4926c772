# UCF101 (Soomro et al. 2012): 101 classes, split 1 (override the
# three ann_file fields for splits 2 and 3).
_base_ = ['./_video_rgb.py']
num_classes = 101
split = 1
data_root = 'data/ucf101'

train_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/ucf101_train_split_{split}_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos')))
val_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/ucf101_val_split_{split}_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos')))
test_dataloader = val_dataloader
