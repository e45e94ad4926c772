# Table 2 row "ReLU2": conv fusion after conv2's ReLU (256 channels); the spatial tower goes on from there on the fused maps.
_base_ = ['./convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py']

model = dict(fusion_layer='relu2', fusion=dict(type='ConvFusion'))
