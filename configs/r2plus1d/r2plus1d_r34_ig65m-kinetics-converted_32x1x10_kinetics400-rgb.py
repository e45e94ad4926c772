# ig65m-pytorch's r2plus1d_34_32_kinetics (IG-65M pre-training fine-tuned
# on Kinetics-400, 32-frame clips; file
# r2plus1d_34_clip32_ft_kinetics_from_ig65m-ade133f1.pth): as the IG-65M config of that clip
# length, with 400 classes.
_base_ = ['./r2plus1d_r34_ig65m-converted_32x1x10_ig65m-rgb.py']

model = dict(cls_head=dict(num_classes=400))
