# SlowFast 4x16 with time-to-channel laterals fused by summation (Table 5a:
# alpha beta C = C, so the packed Fast channels add to the Slow ones).
_base_ = ['./slowfast_r50_scratch_8xb8-4x16x1-196e_kinetics400-rgb.py']

model = dict(backbone=dict(lateral='time_to_channel', fusion='sum'))
