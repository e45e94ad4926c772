# LSTM aggregation: 5 stacked LSTM layers of 512 cells over the frame-wise
# CNN's spatially averaged features, a classifier at every step, training
# loss of step t weighted by t / T; test predictions linearly weighted
# (set model.cls_head.aggregation to 'last', 'max' or 'average' to compare).
_base_ = ['./snippets_conv-pooling_tinyconv2d_scratch_1xb8-16x1x1-6e_motion-digits-rgb.py']

model = dict(
    neck=None,
    cls_head=dict(
        _delete_=True,
        type='LSTMAggregationHead',
        num_classes=10,
        in_channels=64,
        hidden_size=512,
        num_layers=5,
        dropout_ratio=0.5,
        aggregation='weighted'))
