# Ablation of the MotionDigits divided config: a 10x learning rate on
# `time_embed` alone (not the release's recipe; the network is unchanged).
# Frame order reaches a TimeSformer only through `time_embed`, whose
# gradient starts ~30x smaller than `pos_embed`'s; this tests whether a
# faster time embedding lets it leave the order-free solution. Measured: it
# does not within 6 epochs (README.md).
_base_ = ['./timesformer_divided_vit-d96l4_scratch_1xb8-8x2x1-6e_motion-digits-rgb.py']

optim_wrapper = dict(paramwise_cfg=dict(custom_keys={
    'backbone.time_embed': dict(decay_mult=0.0, lr_mult=10.0)}))
