# SlowFast R50 8x8 as released: 32 frames every 2nd (alpha = 4: 8 Slow
# frames) and 7x1x1 laterals (FUSION_KERNEL_SZ: 7 in PySlowFast's
# configs/Kinetics/SLOWFAST_8x8_R50.yaml; 5 in its 4x16 config and, as
# recalled, in the paper). 34.57M.
_base_ = ['./slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

model = dict(backbone=dict(alpha=4, lateral_kernel=7))
