# Table 1 row "Concatenation at ReLU5": fc6 of the spatial tower takes 2 x 512 channels.
_base_ = ['./convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py']

model = dict(fusion=dict(type='ConcatFusion'))
