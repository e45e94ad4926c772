# The paper's final architecture on VGG-M-2048 towers (Table 3 "3D conv + 3D pool"): 3x3x3 conv fusion at ReLU5 into the spatial tower, 3D pooling in both towers, the temporal tower kept with its own loss; test scores of both towers averaged (late fusion at fc8).
_base_ = ['./convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py']

model = dict(
    fusion=dict(type='Conv3DFusion'),
    pooling='3d',
    temporal_head={{_base_.head}})
