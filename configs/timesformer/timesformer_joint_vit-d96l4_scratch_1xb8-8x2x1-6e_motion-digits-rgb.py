# TimeSformer with joint_space_time attention on MotionDigits, CPU-sized as the
# divided config.
_base_ = ['./timesformer_divided_vit-d96l4_scratch_1xb8-8x2x1-6e_motion-digits-rgb.py']

model = dict(backbone=dict(attention_type='joint_space_time'))
