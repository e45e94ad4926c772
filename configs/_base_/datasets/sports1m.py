# Sports-1M (Karpathy et al. 2014): 487 classes; list files in MMAction2's video format.
_base_ = ['./_video_rgb.py']
num_classes = 487
data_root = 'data/sports1m'

train_dataloader = dict(
    dataset=dict(
        ann_file='data/sports1m/sports1m_train_list_videos.txt', data_prefix=dict(video='data/sports1m/videos_train')))
val_dataloader = dict(
    dataset=dict(
        ann_file='data/sports1m/sports1m_val_list_videos.txt', data_prefix=dict(video='data/sports1m/videos_val')))
test_dataloader = dict(
    dataset=dict(
        ann_file='data/sports1m/sports1m_test_list_videos.txt', data_prefix=dict(video='data/sports1m/videos_val')))
