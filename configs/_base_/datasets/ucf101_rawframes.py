# UCF101 split 1 as rawframes + optical flow, made by
# `tools/extract_flow.py ... --size 340x256` (RawframeDataset lists
# "<video> <frames> <label>"). RGB by default; flow configs override
# `modality` and `filename_tmpl` with `flow` (as `**_base_.flow`): the
# templates tools/extract_flow.py writes. Model configs set the pipelines.
dataset_type = 'RawframeDataset'
data_root = 'data/ucf101/rawframes'
num_classes = 101
train_ann_file = f'{data_root}/ucf101_train_split_1_rawframes.txt'
val_ann_file = f'{data_root}/ucf101_val_split_1_rawframes.txt'
rgb = dict(modality='RGB', filename_tmpl='img_{:05}.jpg')
flow = dict(modality='Flow', filename_tmpl='flow_{}_{:05d}.jpg')

train_dataloader = dict(
    batch_size=32,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        ann_file=train_ann_file,
        data_prefix=dict(img=data_root),
        pipeline=[],
        **rgb))
val_dataloader = dict(
    batch_size=32,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        ann_file=val_ann_file,
        data_prefix=dict(img=data_root),
        pipeline=[],
        test_mode=True,
        **rgb))
test_dataloader = dict(
    batch_size=1,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        ann_file=val_ann_file,
        data_prefix=dict(img=data_root),
        pipeline=[],
        test_mode=True,
        **rgb))
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
