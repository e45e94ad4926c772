# torchvision's r2plus1d_18 (R2Plus1D_18_Weights.KINETICS400_V1, file
# r2plus1d_18-91a641e6.pth; 31,505,325 parameters, top-1 67.463 in its
# weights meta) converted
# with `tools/convert_checkpoint.py --from torchvision`: as the torchvision
# R3D config, with the r2plus1d variant and torchvision's per-block (2+1)D
# midplanes (block_midplanes=True).
_base_ = ['./r3d_r18_torchvision-converted_16x1x5_kinetics400-rgb.py']

model = dict(backbone=dict(variant='r2plus1d', block_midplanes=True))
