# The IG-65M R(2+1)D-34 of Ghadiyaram et al. (CVPR 2019) as ported to
# torchvision's layout by ig65m-pytorch (r2plus1d_34_32_ig65m, 487 classes,
# 32-frame clips, file r2plus1d_34_clip32_ig65m_from_scratch-449a7af9.pth
# in its release v1.0.0), converted with `tools/convert_checkpoint.py --from
# torchvision`. The port is VMZ's net: BN eps 1e-3 and per-conv (2+1)D
# midplanes (ig65m/models.py), our R(2+1)D-34 defaults. Input as its
# feature extractor (ig65m/cli/extract.py): short side resized to 128,
# normalised with torchvision's video mean / std, centre crop 112.
_base_ = ['./r2plus1d_r34_scratch_8xb32-8x1x1-100e_kinetics400-rgb.py']

num_frames = 32
model = dict(
    backbone=dict(num_frames=num_frames),
    cls_head=dict(num_classes=487),
    data_preprocessor=dict(
        mean=[0.43216 * 255, 0.394666 * 255, 0.37645 * 255],
        std=[0.22803 * 255, 0.22145 * 255, 0.216989 * 255]))

test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=num_frames, frame_interval=1,
         num_clips=10, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
