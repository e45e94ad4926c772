# Table 3 row "2D conv + 3D pool": conv fusion at ReLU5, then pool5 replaced by 3D pooling over the whole clip in time.
_base_ = ['./convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py']

model = dict(fusion=dict(type='ConvFusion'), pooling='3d')
