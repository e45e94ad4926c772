# The I3D paper's 3D-ConvNet baseline (Carreira & Zisserman 2017, Table 1):
# C3D with BN after every conv and FC layer and temporal stride 2 in pool1
# (`C3DBatchNorm`), 16-frame 112 x 112 clips, 15 videos per GPU (the
# paper's Sec. 2.2 text as recalled; no code released), 400
# classes (79.65M parameters: C3D's 79.63M without conv biases, with BN).
_base_ = ['./c3d_scratch_1xb30-16x1x1-sports1m-rgb.py']

model = dict(
    backbone=dict(type='C3DBatchNorm'), cls_head=dict(num_classes=400))
data_root = 'data/kinetics400'
train_dataloader = dict(
    batch_size=15,
    dataset=dict(
        ann_file=f'{data_root}/kinetics400_train_list_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos_train')))
val_dataloader = dict(
    batch_size=15,
    dataset=dict(
        ann_file=f'{data_root}/kinetics400_val_list_videos.txt',
        data_prefix=dict(video=f'{data_root}/videos_val')))
test_dataloader = val_dataloader
