# PyTorchVideo's Kinetics-400 SLOW_4x16_R50.pyth (its model zoo; no hub
# function: the layout of pytorchvideo.models.resnet create_resnet as
# PySlowFast's slowfast/models/ptv_model_builder.py builds it for
# configs/Kinetics/pytorchvideo/SLOW_4x16_R50.yaml, which trained it; convert
# with tools/convert_checkpoint.py --from pytorchvideo): the same model,
# views, normalisation and head as the PySlowFast checkpoint's config.
_base_ = ['./slowonly_r50_pyslowfast-converted_4x16x10_kinetics400-rgb.py']
