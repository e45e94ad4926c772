# C3D fine-tuned on UCF101 split 1 (101 classes, 78.41M parameters, as
# MMAction2's 78.4M): point `load_from` at a local Sports-1M C3D
# checkpoint; nothing is downloaded.
_base_ = ['./c3d_scratch_1xb30-16x1x1-sports1m-rgb.py']

model = dict(cls_head=dict(num_classes=101))
data_root = 'data/ucf101'
train_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/ucf101_train_split_1_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos')))
val_dataloader = dict(
    dataset=dict(
        ann_file=f'{data_root}/ucf101_val_split_1_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos')))
test_dataloader = val_dataloader
train_cfg = dict(_delete_=True, type='EpochBasedTrainLoop', max_epochs=45,
                 val_interval=5)
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=45, by_epoch=True,
         milestones=[20, 40], gamma=0.1)
]
default_hooks = dict(checkpoint=dict(by_epoch=True, interval=5))
load_from = None  # a local Sports-1M C3D checkpoint
