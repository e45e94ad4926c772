# LSTM aggregation on each frame's whole 64 x 8 x 8 map instead of its
# spatial average (spatial_pooling='flatten'): averaging hides where the
# digit is, so the paper's pooled features carry no direction on
# MotionDigits; this variant measures that. Otherwise as the LSTM config.
_base_ = ['./snippets_lstm_tinyconv2d_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(cls_head=dict(in_channels=64 * 8 * 8, spatial_pooling='flatten'))
