# Runtime shared by every config of this package.

default_scope = 'mmaction'
custom_imports = dict(imports=['mmvid_plugin'], allow_failed_imports=False)

default_hooks = dict(
    runtime_info=dict(type='RuntimeInfoHook'),
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=20, ignore_last=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(
        type='CheckpointHook', interval=1, save_best='auto', max_keep_ckpts=3),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    sync_buffers=dict(type='SyncBuffersHook'),
    # a load_from / resume checkpoint that fits no tensor stops the run
    checkpoint_match=dict(type='CheckpointMatchHook'),
    # a label the head cannot predict stops the run naming its line
    label_range=dict(type='LabelRangeHook'))
custom_hooks = [dict(type='NonFiniteLossGuardHook')]

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    # Without a GPU, mmvid_plugin's compat layer starts gloo instead.
    dist_cfg=dict(backend='nccl'))

log_processor = dict(type='LogProcessor', window_size=20, by_epoch=True)
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(type='ActionVisualizer', vis_backends=vis_backends)
log_level = 'INFO'
load_from = None
resume = False
