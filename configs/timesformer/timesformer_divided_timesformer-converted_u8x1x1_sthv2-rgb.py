# TimeSformer (divided space-time, 8 x 224) for the release's SSv2
# checkpoint TimeSformer_divST_8_224_SSv2.pyth (--from timesformer) and
# facebook/timesformer-base-finetuned-ssv2 (--from hf-timesformer):
# configs/SSv2/TimeSformer_divST_8_224.yaml, 174 classes. The release reads
# SSv2 frames with cv2.imdecode (timesformer/datasets/utils.py
# retry_load_images), BGR, and never reverses them for ViT
# (REVERSE_INPUT_CHANNEL acts in pack_pathway_output, which ssv2.py skips
# for ARCH vit): these weights take BGR, hence to_rgb=True (a channel swap
# of decord's RGB). Test: 8 frames at the middles of 8 equal segments
# (ssv2.py __getitem__; UniformSample's test offsets round differently by
# at most a frame), short side 224, 3 crops, 1 view.
_base_ = ['./timesformer_divided_scratch_8xb1-u8-15e_sthv2-rgb.py']

model = dict(data_preprocessor=dict(to_rgb=True))
