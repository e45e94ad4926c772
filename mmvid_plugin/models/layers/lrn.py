"""Local response normalisation, built from constants written the way their
source writes them.

One layer, two ways of writing its constant: with the sum running over the
n channels centred on c,

    b_c = a_c / (k + s * sum_c' a_c'^2) ** beta

* Krizhevsky et al., NeurIPS 2012, Sec. 3.3, write s = alpha (their
  alpha = 1e-4, n = 5, k = 2, beta = 0.75): the un-divided form.
* Caffe's ``LRN`` layer ("each input value is divided by
  (1 + (alpha / n) sum_i x_i^2)^beta", Caffe layer docs, with ``k`` as a
  parameter) and PyTorch's ``nn.LocalResponseNorm`` (``alpha / n`` in its
  docstring; ``F.local_response_norm`` averages a^2 over the n channels)
  write s = alpha / n.

So a Krizhevsky-form alpha is passed to PyTorch as n * alpha, and a
Caffe-form alpha unchanged.
"""
from torch import nn

from ...utils import check_choice

CONVENTIONS = ('caffe', 'krizhevsky')


def local_response_norm(size: int, alpha: float, beta: float, k: float,
                        convention: str) -> nn.LocalResponseNorm:
    """PyTorch's cross-channel LRN for constants written in ``convention``.

    Args:
        size: n, the channels summed over.
        alpha: The scale as the source writes it.
        beta: The exponent.
        k: The additive constant.
        convention: 'caffe' (the source divides alpha by n, as Caffe and
            PyTorch do) or 'krizhevsky' (alpha multiplies the plain sum).

    Raises:
        ValueError: an unknown convention.
    """
    check_choice('local_response_norm', 'convention', convention,
                 CONVENTIONS)
    if convention == 'krizhevsky':
        alpha = alpha * size  # PyTorch divides by n again
    return nn.LocalResponseNorm(size, alpha=alpha, beta=beta, k=k)
