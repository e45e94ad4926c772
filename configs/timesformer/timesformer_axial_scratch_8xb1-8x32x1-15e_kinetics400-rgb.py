# TimeSformer with axial attention (Table 1); otherwise as the divided
# config.
_base_ = ['./timesformer_divided_scratch_8xb1-8x32x1-15e_kinetics400-rgb.py']

model = dict(backbone=dict(attention_type='axial'))
