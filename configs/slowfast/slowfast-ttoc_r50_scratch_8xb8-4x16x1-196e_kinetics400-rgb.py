# SlowFast 4x16 with time-to-channel laterals, concatenated (Table 5a).
_base_ = ['./slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

model = dict(backbone=dict(lateral='time_to_channel'))
