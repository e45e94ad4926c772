# Time-Domain Convolution: 256 kernels 3x3 spanning 8 frames with frame
# stride 4 (the paper: 10 frames, stride 5), ReLU, max over time, two FCs.
_base_ = ['./snippets_conv-pooling_tinyconv2d_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(
    neck=dict(
        type='TimeDomainConvPooling', conv_channels=256, window=8, stride=4))
