# DeepVideo early fusion: conv1 spans a 10-frame clip (11x11x3x10); Sports-1M,
# 487 classes. Everything else as the single-frame config.
_base_ = ['./deepvideo_single-frame_scratch_1xb32-1x1x1-sports1m-rgb.py']

clip_len, frame_interval, num_test_clips = 10, 1, 20
model = dict(backbone=dict(type='DeepVideoEarlyFusion'))
# The single-frame config's pipelines; SampleFrames (step 1) takes this clip.
train_pipeline = _base_.train_pipeline
train_pipeline[1].update(clip_len=clip_len, frame_interval=frame_interval)
val_pipeline = _base_.val_pipeline
val_pipeline[1].update(clip_len=clip_len, frame_interval=frame_interval)
test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=clip_len, frame_interval=frame_interval,
                        num_clips=num_test_clips)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
