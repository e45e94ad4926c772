# Table 1 row "Max at ReLU5" on MotionDigits (see the sum config for sizing).
_base_ = ['./convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py']

model = dict(fusion=dict(type='MaxFusion'))
