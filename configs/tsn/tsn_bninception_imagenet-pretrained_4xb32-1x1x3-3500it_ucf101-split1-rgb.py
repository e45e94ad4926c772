# TSN (Wang et al., ECCV 2016) on UCF101 split 1, RGB, on BN-Inception as
# the official release runs it
# (models/ucf101/tsn_bn_inception_rgb_train_val.prototxt): 3 segments,
# average consensus on fc-action scores, dropout 0.8, fc-action N(0, 0.001),
# partial BN (only conv1/7x7_s2_bn has `frozen: false`), corner cropping +
# scale jittering {1, .875, .75, .66}, flips. 10,373,765 parameters.
# Pipelines, solver and hooks come from the ResNet-50 config below.
#
# Batch: scripts/train_tsn.sh runs `mpirun -np 4` with the prototxt's
# batch_size 32 per process, i.e. 4 GPUs x 32 videos = 128. Run it as
# `tools/dist_train.sh CONFIG 4`. A single process gets the same effective
# batch with `optim_wrapper.accumulative_counts=4`; MMEngine then counts
# every batch as an iteration, so multiply max_iters, the milestones and the
# val / checkpoint intervals by 4 too.
#
# Input: the release feeds BGR frames minus the per-channel mean
# [104, 117, 123] (transform_param mean_value), unscaled. Frames are decoded
# as RGB here, so `to_rgb=True` (a channel swap) turns them into BGR before
# the same mean is subtracted: weights converted from the release's Caffe
# models expect that input.
#
# ImageNet weights are not downloaded: set `load_from` (or the backbone's
# `init_cfg=dict(type='Pretrained', checkpoint=...)`) to a local BN-Inception
# file with this backbone's parameter names.
_base_ = ['./tsn_r50_imagenet-pretrained_4xb32-1x1x3-3500it_ucf101-split1-rgb.py']

model = dict(
    backbone=dict(_delete_=True, type='BNInception', in_channels=3),
    cls_head=dict(in_channels=1024, dropout_ratio=0.8, init_std=0.001),
    data_preprocessor=dict(
        mean=[104.0, 117.0, 123.0], std=[1.0, 1.0, 1.0], to_rgb=True))

train_dataloader = dict(batch_size=32)

# Release solver (models/ucf101/tsn_bn_inception_rgb_solver.prototxt): lr
# 0.001, step 1500 (gamma 0.1), max_iter 3500, momentum 0.9, weight decay
# 5e-4, clip_gradients 40, test_interval 500 -- as the base config. The
# prototxt's per-layer `param` blocks: conv / fc biases at 2x lr without
# weight decay, BN scale and shift without weight decay.
optim_wrapper = dict(
    paramwise_cfg=dict(bias_lr_mult=2.0, bias_decay_mult=0.0,
                       norm_decay_mult=0.0))
load_from = None  # a local ImageNet BN-Inception checkpoint
