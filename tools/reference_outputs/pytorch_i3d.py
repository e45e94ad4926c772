"""piergiaj/pytorch-i3d's ``InceptionI3d`` (``pytorch_i3d.py``), run from a
checkout of the release (``--release-dir``). Its forward gives per-time
logits (N, K, T'); the classification score, as DeepMind's ``i3d.py``
``averaged_logits``, is their mean over time.

Input: the smallest clip the logits' 2x7x7 average pool takes is 9 frames
of 193 x 193; 10 x 200 x 193 exercises both branches of the release's
``compute_pad`` (even and odd sizes at stride 2) and H != W.
"""
import os.path as osp
import sys

COMMIT = '05783d11f9632b25fe3d50395a9c9bb51f848d6d'
REFERENCE = (f'piergiaj/pytorch-i3d @ {COMMIT}: pytorch_i3d.py '
             'InceptionI3d(num_classes, in_channels=C), logits averaged over '
             'time')


def forward(module, x):
    return module(x).mean(dim=2)


def release_model(channels, classes):
    def build(args):
        if not args.release_dir or not osp.isfile(
                osp.join(args.release_dir, 'pytorch_i3d.py')):
            raise SystemExit('pytorch-i3d: pass --release-dir, a checkout '
                             'of piergiaj/pytorch-i3d (pytorch_i3d.py)')
        sys.path.insert(0, args.release_dir)
        from pytorch_i3d import InceptionI3d
        model = InceptionI3d(num_classes=classes, in_channels=channels)
        return model, (1, channels, 10, 200, 193), forward
    return build


MODELS = {
    'rgb_imagenet': release_model(3, 400),
    'flow_imagenet': release_model(2, 400),
    'rgb_charades': release_model(3, 157),
    'flow_charades': release_model(2, 157),
}
