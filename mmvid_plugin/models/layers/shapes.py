"""Output sizes of convolutions and Caffe-style (ceil-mode) pooling, used to
size the first fully-connected layer of the 2014-era networks."""


def conv_size(size: int, kernel: int, stride: int = 1, padding: int = 0) -> int:
    """Output size of a convolution (floor mode)."""
    return (size + 2 * padding - kernel) // stride + 1


def ceil_pool_size(size: int, kernel: int, stride: int) -> int:
    """Output size of Caffe's ceil-mode max-pooling without padding."""
    return -(-(size - kernel) // stride) + 1
