# Table 1 row "Sum at Softmax" (Simonyan & Zisserman): two full towers, no fusion, one loss each, class scores averaged.
_base_ = ['./convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py']

model = dict(
    fusion_layer='softmax',
    fusion=None,
    temporal_head={{_base_.head}})
