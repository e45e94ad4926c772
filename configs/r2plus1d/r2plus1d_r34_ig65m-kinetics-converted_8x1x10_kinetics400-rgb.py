# ig65m-pytorch's r2plus1d_34_8_kinetics (IG-65M pre-training fine-tuned
# on Kinetics-400, 8-frame clips; file
# r2plus1d_34_clip8_ft_kinetics_from_ig65m-0aa0550b.pth): as the IG-65M config of that clip
# length, with 400 classes.
_base_ = ['./r2plus1d_r34_ig65m-converted_8x1x10_ig65m-rgb.py']

model = dict(cls_head=dict(num_classes=400))
