# The spatial stream's "pre-trained + last layer" scenario: the ImageNet
# CNN-M-2048 (set `load_from`) stays fixed and only the classifier trains,
# with dropout 0.5 in full6 / full7. The paper is recalled to report this
# setting beside full fine-tuning and to prefer it for the spatial net
# (Sec. 6, Table 1a), not checked against the paper text. The backbone's
# learning rate and weight decay are 0, so its weights do not move
# (gradients still flow through it).
_base_ = ['./twostream_cnnm2048_imagenet-pretrained_1xb256-1x1x1-ucf101-split1-rgb.py']

optim_wrapper = dict(paramwise_cfg=dict(
    custom_keys={'backbone': dict(lr_mult=0.0, decay_mult=0.0)}))
