"""``Conv3d`` that runs spatial-only kernels on the CPU as frame-wise 2D.

A ``1 x k x k`` convolution (temporal kernel and stride 1) treats each frame
alone, so it equals a 2D convolution over the ``N T`` frames as a batch.
The two are the same arithmetic, but on the CPU PyTorch sends a batch-1
``Conv3d`` whose ``N C T H`` is at most 20,480 (every ``1 x 3 x 3`` conv of
a ResNet-50 clip at 32 frames) to its native vol2col kernel, which runs
3-6x slower than oneDNN there (``docs/benchmarks.md``), while the
frame-wise 2D convolution has batch ``N T > 1`` and goes to oneDNN,
forward and backward. Parameters, state-dict keys and results are those
of ``nn.Conv3d``; set ``Conv3d.framewise_on_cpu = False`` to run PyTorch's
choice.
"""
import torch
import torch.nn.functional as F
from torch import nn

from .frames import fold_time, unfold_time

# PyTorch's CPU heuristic (aten/src/ATen/native/Convolution.cpp,
# ConvParams::use_mkldnn):
# float32, batch 1, ungrouped, kernels up to 3 wide and N*C*T*H at most
# this go to the native kernel.
_NATIVE_LIMIT = 20480


def _native_would_run(conv: nn.Conv3d, x: torch.Tensor) -> bool:
    n, c, t, h = x.shape[:4]
    _, kh, kw = conv.kernel_size
    return (n == 1 and conv.groups == 1 and not (kh > 3 and kw > 3)
            and n * c * t * h <= _NATIVE_LIMIT)


class Conv3d(nn.Conv3d):
    """``nn.Conv3d``, with ``1 x k x k`` kernels run frame-wise on the CPU
    where PyTorch would pick its slow native kernel (see the module)."""

    framewise_on_cpu = True

    def _framewise(self, x: torch.Tensor) -> bool:
        return (self.framewise_on_cpu and x.device.type == 'cpu'
                and x.dtype == torch.float32 and x.dim() == 5
                and x.shape[2] > 1 and self.kernel_size[0] == 1
                and self.kernel_size[1:] != (1, 1) and self.stride[0] == 1
                and self.padding_mode == 'zeros'
                and not isinstance(self.padding, str)
                and self.padding[0] == 0 and _native_would_run(self, x))

    def _conv_forward(self, x, weight, bias):
        if not self._framewise(x):
            return super()._conv_forward(x, weight, bias)
        out = F.conv2d(fold_time(x), weight[:, :, 0], bias, self.stride[1:],
                       self.padding[1:], self.dilation[1:], self.groups)
        return unfold_time(out, x.shape[2]).contiguous()
