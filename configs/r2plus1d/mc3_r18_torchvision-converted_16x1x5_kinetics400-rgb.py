# torchvision's mc3_18 (MC3_18_Weights.KINETICS400_V1, file
# mc3_18-a90a0ba3.pth; 11,695,440 parameters, top-1 63.96 in its weights
# meta) converted with
# `tools/convert_checkpoint.py --from torchvision`: as the torchvision R3D
# config, with the mc3 variant.
_base_ = ['./r3d_r18_torchvision-converted_16x1x5_kinetics400-rgb.py']

model = dict(backbone=dict(variant='mc3'))
