# HMDB51 (Kuehne et al. 2011): 51 classes, split 1 (override the
# three ann_file fields for splits 2 and 3).
_base_ = ['./_video_rgb.py']
num_classes = 51
split = 1
data_root = 'data/hmdb51'

train_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/hmdb51_train_split_{split}_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos')))
val_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/hmdb51_val_split_{split}_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos')))
test_dataloader = val_dataloader
