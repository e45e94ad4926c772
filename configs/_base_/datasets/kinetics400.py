# Kinetics-400 (Kay et al. 2017): 400 classes; the val split doubles as test.
_base_ = ['./_video_rgb.py']
num_classes = 400
data_root = 'data/kinetics400'

train_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/kinetics400_train_list_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos_train')))
val_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/kinetics400_val_list_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos_val')))
test_dataloader = val_dataloader
