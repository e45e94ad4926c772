# LSTM aggregation on UCF101 split 1: 5 stacked LSTM layers of 512 cells
# over 30 frames of spatially averaged pool5 features of the CNN-M-2048
# tower, a softmax at every step, loss of step t weighted by t / T, test
# predictions linearly weighted. Sampling as the Conv Pooling config.
_base_ = [
    './snippets_conv-pooling_cnnm2048_imagenet-pretrained_1xb8-30x5x1-'
    'ucf101-split1-rgb.py'
]

model = dict(
    neck=None,
    cls_head=dict(
        _delete_=True,
        type='LSTMAggregationHead',
        num_classes=101,
        in_channels=512,
        hidden_size=512,
        num_layers=5,
        dropout_ratio=0.5,
        aggregation='weighted'))
