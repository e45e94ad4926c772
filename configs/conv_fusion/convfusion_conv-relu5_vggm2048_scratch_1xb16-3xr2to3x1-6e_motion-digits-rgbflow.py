# Table 1 row "Conv at ReLU5" (1x1 conv 1024 -> 512, initialised as two stacked identities); with 2D pooling also Table 3's "2D conv + 2D pool".
_base_ = ['./convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-digits-rgbflow.py']

model = dict(fusion=dict(type='ConvFusion'))
