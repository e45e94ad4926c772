# Slow Pooling: max over windows of 8 frames with stride 4 (3 windows; the
# paper's 10 / 5 are for 30-120 frames), one shared FC, then a global max.
_base_ = ['./snippets_conv-pooling_tinyconv2d_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(
    neck=dict(type='SlowPooling', fc_channels=(256, ), window=8, stride=4))
