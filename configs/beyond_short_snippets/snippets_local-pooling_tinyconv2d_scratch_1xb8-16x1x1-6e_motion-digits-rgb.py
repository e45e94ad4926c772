# Local Pooling: max over windows of 8 frames with stride 4 (3 windows), two
# shared FCs, no global max: one classifier over all windows' features.
_base_ = ['./snippets_conv-pooling_tinyconv2d_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(
    neck=dict(type='LocalPooling', num_frames=16, window=8, stride=4),
    cls_head=dict(in_channels=3 * 256))
