"""What every two-stream fusion module tells the recognizer that holds
it (Feichtenhofer et al., CVPR 2016, Sec. 3.1)."""
from mmengine.model import BaseModule


class Fusion(BaseModule):
    """A module ``forward(spatial, temporal)`` merging two maps.

    ``channel_factor``: how the channels change (concatenation doubles
    them, so the tower's next layer must be widened); ``vector_output``:
    the fusion ends the spatial layout (bilinear), so its output goes
    straight to the classifier.
    """
    channel_factor = 1
    vector_output = False


class PaperInitFusion(Fusion):
    """A learnt fusion whose paper initialisation (``paper_init``) is set
    at construction and again after MMEngine's ``init_weights``."""

    def __init__(self, paper_init: bool, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.paper_init = paper_init

    def reset_to_paper_init(self) -> None:
        raise NotImplementedError

    def init_weights(self) -> None:
        super().init_weights()
        if self.paper_init:
            self.reset_to_paper_init()
