# torch.hub pytorchvideo slow_r50 (pytorchvideo/models/hub) with its
# Kinetics-400 SLOW_8x8_R50.pyth, trained by PySlowFast's
# configs/Kinetics/pytorchvideo/SLOW_8x8_R50.yaml (convert with
# tools/convert_checkpoint.py --from pytorchvideo): the same model, views,
# normalisation and head (the fully convolutional test of PySlowFast's
# slowfast/models/ptv_model_builder.py, which measured its accuracy) as
# the PySlowFast checkpoint's config.
_base_ = ['./slowonly_r50_pyslowfast-converted_8x8x10_kinetics400-rgb.py']
