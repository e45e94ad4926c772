# SlowFast R50 4x16 for PySlowFast's Kinetics-400 checkpoints
# (configs/Kinetics/SLOWFAST_4x16_R50.yaml; convert with
# tools/convert_checkpoint.py --from pyslowfast). The scratch config's
# model (alpha 8, 5x1x1 laterals) and views (32 frames every 2nd, 10 clips
# x 3 crops of 256 at short side 256: TEST.NUM_ENSEMBLE_VIEWS 10,
# NUM_SPATIAL_CROPS 3, TEST_CROP_SIZE 256; mean / std 0.45 / 0.225 of its
# slowfast/config/defaults.py), with the Slow frames taken as its
# slowfast/datasets/utils.py pack_pathway_output takes them (linspace) and
# its head (head_helper.py ResNetBasicHead: 4x7x7 / 32x7x7 windows for the
# 224 training crop; at 256 px the mean softmax of 2 x 2 positions).
# Difference left: its loader resamples to 30 fps and spreads the frames
# of a clip by linspace over it (datasets/decoder.py temporal_sampling).
# PySlowFast MODEL_ZOO file: SLOWFAST_4x16_R50.pkl (--from pyslowfast);
# its .pyth runs convert the same way.
_base_ = ['./slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

model = dict(
    backbone=dict(slow_sampling='linspace'),
    cls_head=dict(
        _delete_=True, type='WindowPoolHead', num_classes=400,
        in_channels=2304, pool_sizes=((4, 7, 7), (32, 7, 7)),
        dropout_ratio=0.5, init_std=0.01, average_clips='prob'))
