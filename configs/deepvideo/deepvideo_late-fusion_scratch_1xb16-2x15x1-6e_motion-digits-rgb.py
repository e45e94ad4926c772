# DeepVideo late fusion on MotionDigits: frames 0 and 15 (15 apart, as recalled
# from the paper) through one shared tower, merged in FC1.
_base_ = ['./deepvideo_single-frame_scratch_1xb16-1x1x1-6e_motion-digits-rgb.py']

clip_len, frame_interval, num_clips = 2, 15, 1
model = dict(backbone=dict(type='DeepVideoLateFusion'))
# The single-frame config's pipelines; SampleFrames (step 1) takes this clip.
train_pipeline = _base_.train_pipeline
train_pipeline[1].update(clip_len=clip_len, frame_interval=frame_interval)
test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=clip_len, frame_interval=frame_interval,
                        num_clips=num_clips)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
