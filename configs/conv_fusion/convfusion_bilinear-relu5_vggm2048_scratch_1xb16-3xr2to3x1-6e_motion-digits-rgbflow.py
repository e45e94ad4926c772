# Table 1 row "Bilinear at ReLU5": outer products summed over locations, 512 x 512 features straight into the classifier.
_base_ = ['./convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py']

model = dict(
    fusion=dict(type='BilinearFusion'),
    cls_head=dict(in_channels=512 * 512))
