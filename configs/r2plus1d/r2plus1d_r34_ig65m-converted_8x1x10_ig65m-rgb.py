# ig65m-pytorch's r2plus1d_34_8_ig65m (IG-65M pre-training, 359 classes,
# 8-frame clips; file r2plus1d_34_clip8_ig65m_from_scratch-9bae36ae.pth):
# as the 32-frame IG-65M config.
_base_ = ['./r2plus1d_r34_ig65m-converted_32x1x10_ig65m-rgb.py']

num_frames = 8
model = dict(backbone=dict(num_frames=num_frames),
             cls_head=dict(num_classes=359))
test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=num_frames)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
