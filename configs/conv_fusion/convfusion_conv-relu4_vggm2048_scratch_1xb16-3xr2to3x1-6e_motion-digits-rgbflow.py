# Table 2 row "ReLU4": conv fusion after conv4's ReLU.
_base_ = ['./convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py']

model = dict(fusion_layer='relu4', fusion=dict(type='ConvFusion'))
