# Late Pooling: the two shared FCs on every frame, then max over time.
_base_ = ['./snippets_conv-pooling_tinyconv2d_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(neck=dict(type='LatePooling'))
