# TSN on UCF101 split 1, optical flow, on BN-Inception as the official
# release (models/ucf101/tsn_bn_inception_flow_train_val.prototxt): 3
# segments of 5 stacked x/y flows (conv1 takes 10 channels), dropout 0.7,
# scales {1, .875, .75}, x-flow negated when flipping, partial BN, and
# cross-modality initialisation: set `load_from` to a local RGB (ImageNet or
# TSN-RGB) BN-Inception checkpoint and CrossModalityInitHook turns its conv1
# into the RGB channel mean replicated to 10 channels (the release starts
# from such a converted model, scripts/train_tsn.sh --weights
# bn_inception_flow_init.caffemodel). 10,395,717 parameters.
# Pipelines, solver and hooks come from the ResNet-50 flow config below.
#
# Batch: 4 processes x 32 videos = 128 as scripts/train_tsn.sh (`mpirun -np
# 4`, prototxt batch_size 32); `tools/dist_train.sh CONFIG 4`, or in one
# process `optim_wrapper.accumulative_counts=4` with max_iters, milestones
# and val / checkpoint intervals multiplied by 4.
#
# Input: the release subtracts 128 from the 8-bit flow and does not scale
# (transform_param mean_value 128; tools/eval_net.py via
# pyActionRecog/action_caffe.py: `os_frame - 128`); so does this config.
_base_ = ['./tsn_r50_imagenet-pretrained_4xb32-5x1x3-18000it_ucf101-split1-flow.py']

new_length = 5
model = dict(
    backbone=dict(_delete_=True, type='BNInception',
                  in_channels=2 * new_length),
    cls_head=dict(in_channels=1024, dropout_ratio=0.7, init_std=0.001),
    data_preprocessor=dict(
        mean=[128.0] * 2 * new_length, std=[1.0] * 2 * new_length))

train_dataloader = dict(batch_size=32)

# Release solver (models/ucf101/tsn_bn_inception_flow_solver.prototxt): lr
# 0.005, steps 10000 and 16000 (gamma 0.1), max_iter 18000, momentum 0.9,
# weight decay 5e-4, clip_gradients 20 -- as the base config; test_interval
# 1000. Per-layer `param` blocks of the train_val prototxt: biases at 2x lr
# without weight decay, BN without weight decay, and conv1/7x7_s2 at 5x lr
# (its bias 10x), the new 10-channel input layer.
train_cfg = dict(val_interval=1000)
optim_wrapper = dict(
    paramwise_cfg=dict(
        bias_lr_mult=2.0, bias_decay_mult=0.0, norm_decay_mult=0.0,
        custom_keys={
            'backbone.conv1.conv.weight': dict(lr_mult=5.0),
            'backbone.conv1.conv.bias': dict(lr_mult=10.0, decay_mult=0.0),
        }))
load_from = None  # a local RGB BN-Inception checkpoint
