"""Dual TV-L1 optical flow in PyTorch, batched over frame pairs.

The method of Zach, Pock & Bischof, "A Duality Based Approach for Realtime
TV-L1 Optical Flow" (DAGM 2007), with the refinements of Wedel, Pock, Zach,
Bischof & Cremers, "An Improved Algorithm for TV-L1 Optical Flow" (2009):
median filtering of the flow and an optional illumination term ``gamma``.
The schedule and defaults are those of OpenCV contrib's
``cv2.optflow.DualTVL1OpticalFlow`` (``modules/optflow/src/tvl1flow.cpp``),
so the result is close to OpenCV's ``tvl1`` (see ``docs/flow.md``).

Every step is a whole-tensor operation on ``[N, C, H, W]``; only scales,
warps and iterations are Python loops. The input's device (CPU or CUDA) is
used throughout.
"""
import functools
import itertools
from typing import List, Tuple

import torch
import torch.nn.functional as F

# OpenCV's defaults: modules/optflow/src/tvl1flow.cpp
# (OpticalFlowDual_TVL1::OpticalFlowDual_TVL1) and
# modules/optflow/include/opencv2/optflow.hpp (DualTVL1OpticalFlow::create).
DEFAULTS = dict(tau=0.25, lambda_=0.15, theta=0.3, nscales=5, warps=5,
                epsilon=0.01, inner_iterations=30, outer_iterations=10,
                scale_step=0.8, gamma=0.0, median_filtering=5)

_MIN_SIDE = 16  # coarser pyramid levels are dropped, as in OpenCV


def _resize_linear(x: torch.Tensor, size: Tuple[int, int],
                   scale: Tuple[float, float]) -> torch.Tensor:
    """Bilinear resize with OpenCV's ``INTER_LINEAR`` mapping.

    ``src = (dst + 0.5) / scale - 0.5``, clamped to the border; ``scale``
    is ``(sy, sx)``, given separately from ``size`` as cv2.resize does when
    called with ``fx, fy``.
    """
    n, c, h, w = x.shape
    out_h, out_w = size
    kw = dict(device=x.device, dtype=x.dtype)
    ys = (torch.arange(out_h, **kw) + 0.5) / scale[0] - 0.5
    xs = (torch.arange(out_w, **kw) + 0.5) / scale[1] - 0.5
    # normalised for align_corners=False: -1 and 1 are the outer edges
    gy = (2 * ys + 1) / h - 1
    gx = (2 * xs + 1) / w - 1
    grid = torch.stack(torch.meshgrid(gy, gx, indexing='ij')[::-1], -1)
    return F.grid_sample(x, grid.expand(n, out_h, out_w, 2),
                         mode='bilinear', padding_mode='border',
                         align_corners=False)


def _centered_gradient(img: torch.Tensor) -> torch.Tensor:
    """Central differences; half one-sided differences at the border."""
    pad = F.pad(img, (1, 1, 1, 1), mode='replicate')
    dx = 0.5 * (pad[..., 1:-1, 2:] - pad[..., 1:-1, :-2])
    dy = 0.5 * (pad[..., 2:, 1:-1] - pad[..., :-2, 1:-1])
    return torch.cat([dx, dy], 1)


def _batcher_pairs(lo: int, hi: int):
    """Batcher's odd-even merge sort of wires ``lo..hi`` (inclusive), as
    compare-exchange pairs ``(i, j)``: ``i`` gets the min, ``j`` the max."""
    def merge(lo, hi, r):
        step = r * 2
        if step < hi - lo:
            yield from merge(lo, hi, step)
            yield from merge(lo + r, hi, step)
            yield from ((i, i + r) for i in range(lo + r, hi - r, step))
        else:
            yield (lo, lo + r)

    if hi - lo >= 1:
        mid = lo + (hi - lo) // 2
        yield from _batcher_pairs(lo, mid)
        yield from _batcher_pairs(mid + 1, hi)
        yield from merge(lo, hi, 1)


# a sorting network for 5 wires with 9 comparators, the fewest possible
# (Knuth, TAOCP vol. 3, 5.3.4): the column and row sorts of the 5x5 median
_SORT5 = ((0, 1), (3, 4), (2, 4), (2, 3), (0, 3), (0, 2), (1, 4), (1, 3),
          (1, 2))


@functools.lru_cache()
def _selection_network(count: int, ranks: Tuple[int, ...],
                       order: Tuple[Tuple[int, int], ...] = ()):
    """Compare-exchanges that leave the values of sorted ``ranks`` of
    ``count`` inputs on the wires of those numbers.

    A sorting network (``_SORT5``, or Batcher's on the next power of two
    with +inf on the extra wires), without the exchanges that a known
    ``order`` of the inputs (pairs ``(a, b)``: input a <= input b) already
    decides (checked on every 0-1 input that respects it, by the 0-1
    principle), pruned to what reaches the ``ranks`` wires.

    Returns ``(i, j, need_min, need_max)`` tuples.
    """
    size = 1 << (count - 1).bit_length()
    pairs = list(_SORT5 if count == 5 else _batcher_pairs(0, size - 1))
    if order:
        inputs = [bits for bits in itertools.product((0, 1), repeat=count)
                  if all(bits[a] <= bits[b] for a, b in order)]
        wires = [list(bits) + [1] * (size - count) for bits in inputs]
        useful = []
        for i, j in pairs:
            if any(w[i] > w[j] for w in wires):
                useful.append((i, j))
                for w in wires:
                    w[i], w[j] = min(w[i], w[j]), max(w[i], w[j])
        pairs = useful
    needed = set(ranks)
    kept = []
    for i, j in reversed(pairs):
        need_min, need_max = i in needed, j in needed
        if j >= count and not need_min:
            continue  # j holds +inf: min is wire i, max stays +inf
        if need_min or need_max:
            kept.append((i, j, need_min, need_max))
            needed.update((i, j))
    return kept[::-1]


def _select(values: list, ranks: Tuple[int, ...], order=()) -> list:
    """The element-wise sorted ``ranks`` of a list of tensors."""
    count = len(values)
    wires = list(values) + [None] * ((1 << (count - 1).bit_length()) - count)
    for i, j, need_min, need_max in _selection_network(count, ranks,
                                                       order):
        a, b = wires[i], wires[j]
        if b is None:
            continue  # j holds +inf
        wires[i] = torch.minimum(a, b) if need_min else None
        wires[j] = torch.maximum(a, b) if need_max else None
    return [wires[r] for r in ranks]


@functools.lru_cache()
def _median_candidates(k: int):
    """Cells ``(i, j)`` of a k x k window, sorted along columns (rank i)
    and then along rows (rank j), that may hold the median; and the
    median's rank among them. A cell has at least ``(i+1)(j+1) - 1``
    values below it and ``(k-i)(k-j) - 1`` above it, which rules out the
    others. Also the order between the cells known from the sorting."""
    median = k * k // 2
    below = [(i, j) for i in range(k) for j in range(k)
             if (k - i) * (k - j) >= k * k - median + 1]
    above = [(i, j) for i in range(k) for j in range(k)
             if (i + 1) * (j + 1) >= median + 2]
    cells = [(i, j) for i in range(k) for j in range(k)
             if (i, j) not in below and (i, j) not in above]
    # sorted columns and rows: each cell is <= its lower and right cells
    order = tuple((a, b) for a, (i, j) in enumerate(cells)
                  for b, cell in enumerate(cells)
                  if cell in ((i + 1, j), (i, j + 1)))
    return cells, median - len(below), order


def _median(u: torch.Tensor, k: int) -> torch.Tensor:
    """``k x k`` median with replicated border, as cv2.medianBlur, by
    element-wise min / max only: sort the columns of each window (shared
    between horizontal neighbours), then the rows, then select the median
    among the cells that can hold it."""
    h, w = u.shape[-2:]
    pad = F.pad(u, (k // 2, ) * 4, mode='replicate')
    columns = _select([pad[..., y:y + h, :] for y in range(k)],
                      tuple(range(k)))
    cells, rank, order = _median_candidates(k)
    candidates = []
    for i in range(k):
        js = tuple(j for ci, j in cells if ci == i)
        if js:
            candidates += _select([columns[i][..., x:x + w]
                                   for x in range(k)], js)
    return _select(candidates, (rank, ), order)[0].contiguous()


def _warp(images: torch.Tensor, flow: torch.Tensor) -> torch.Tensor:
    """Sample ``images`` at ``x + flow``: bicubic, zero outside (cv2.remap
    with ``INTER_CUBIC`` and its default constant border)."""
    n, _, h, w = images.shape
    kw = dict(device=flow.device, dtype=flow.dtype)
    x = torch.arange(w, **kw) + flow[:, 0]
    y = torch.arange(h, **kw)[:, None] + flow[:, 1]
    # cv2.remap rounds coordinates to 1/32 px (INTER_TAB_SIZE)
    x = torch.round(x * 32) / 32
    y = torch.round(y * 32) / 32
    gx = x * (2.0 / max(w - 1, 1)) - 1
    gy = y * (2.0 / max(h - 1, 1)) - 1
    return F.grid_sample(images, torch.stack([gx, gy], -1), mode='bicubic',
                         padding_mode='zeros', align_corners=True)


def _one_scale(i0: torch.Tensor, i1: torch.Tensor, u: torch.Tensor,
               opts: dict) -> torch.Tensor:
    """Refine ``u`` [N, C, H, W] (C = 2, or 3 with gamma) at one scale.

    Each warp linearises the data term around ``u`` and alternates the
    point-wise thresholding step for ``v`` with Chambolle's dual projection
    for ``(u, p)`` (Zach et al., Sec. 3); ``p`` carries over between warps.
    A pair stops a warp when its summed squared update falls to
    ``epsilon**2 * H * W``, as OpenCV does; finished pairs leave the batch
    so that the others keep their own schedule.
    """
    n, c, h, w = u.shape
    lt = opts['lambda_'] * opts['theta']
    tau, taut = opts['tau'], opts['tau'] / opts['theta']
    stop = opts['epsilon']**2 * h * w
    median = opts['median_filtering']
    grad_i1 = _centered_gradient(i1)
    # q = theta * p, the dual variable [N, 2 (d/dx, d/dy), C, H, W]
    q = u.new_zeros(n, 2, c, h, w)
    for _ in range(opts['warps']):
        warped = _warp(torch.cat([i1, grad_i1], 1), u[:, :2])
        i1w, ix, iy = warped[:, 0:1], warped[:, 1:2], warped[:, 2:3]
        grad = ix * ix + iy * iy
        # v - u = clamp(-rho / |grad I1|^2, -lt, lt) * (Ix, Iy[, gamma]):
        # the three cases of the thresholding step TH (Zach et al., eq. 11)
        neg_inv = torch.where(grad > torch.finfo(grad.dtype).eps,
                              -1 / grad, torch.full_like(grad, -1e30))
        dirs = [ix, iy] + [torch.full_like(ix, opts['gamma'])] * (c - 2)
        dirs = torch.cat(dirs, 1)
        coef = dirs * neg_inv
        base = (i1w - ix * u[:, 0:1] - iy * u[:, 1:2] - i0) * neg_inv
        uu = u.clone()
        # forward differences; the last column / row stays zero
        g = u.new_zeros(n, 2, c, h, w)
        state = [uu, q, g, dirs, coef, base]
        active = torch.arange(n, device=u.device)
        out_u, out_q = u.clone(), q.clone()
        for _ in range(opts['outer_iterations']):
            if median > 1:
                uu[:, :2] = _median(uu[:, :2], median)
            for _ in range(opts['inner_iterations']):
                step = base.clone()
                for k in range(c):
                    step.addcmul_(coef[:, k:k + 1], uu[:, k:k + 1])
                step.clamp_(-lt, lt)
                # divergence of q: backward differences, zero outside
                diff = q[:, 0] + q[:, 1]
                diff[..., 1:] -= q[:, 0, ..., :-1]
                diff[..., 1:, :] -= q[:, 1, ..., :-1, :]
                diff.addcmul_(step, dirs)
                error = diff.square().sum((1, 2, 3))
                uu += diff
                torch.sub(uu[..., 1:], uu[..., :-1], out=g[:, 0, ..., :-1])
                torch.sub(uu[..., 1:, :], uu[..., :-1, :],
                          out=g[:, 1, ..., :-1, :])
                norm = torch.addcmul(g[:, 0] * g[:, 0], g[:, 1], g[:, 1])
                norm.sqrt_().mul_(taut).add_(1)
                q.add_(g, alpha=tau).div_(norm[:, None])
                finished = error <= stop
                if bool(finished.any()):
                    ids = active[finished]
                    out_u[ids], out_q[ids] = uu[finished], q[finished]
                    keep = ~finished
                    active = active[keep]
                    if active.numel() == 0:
                        break
                    state = [t[keep] for t in state]
                    uu, q, g, dirs, coef, base = state
            if active.numel() == 0:
                break
        if active.numel():
            out_u[active], out_q[active] = uu, q
        u, q = out_u, out_q
    return u


def tvl1_flow(prev: torch.Tensor, nxt: torch.Tensor, tau: float = 0.25,
              lambda_: float = 0.15, theta: float = 0.3, nscales: int = 5,
              warps: int = 5, epsilon: float = 0.01,
              inner_iterations: int = 30, outer_iterations: int = 10,
              scale_step: float = 0.8, gamma: float = 0.0,
              median_filtering: int = 5) -> torch.Tensor:
    """Dual TV-L1 flow from ``prev`` to ``nxt`` for N pairs at once.

    Minimises ``sum |grad u| + lambda |rho(u)|`` (Zach et al. 2007) on an
    image pyramid with ``warps`` re-linearisations per scale, median
    filtering of the flow (Wedel et al. 2009) and, if ``gamma > 0``, an
    additive illumination field. Defaults are OpenCV's (see ``DEFAULTS``).

    Args:
        prev, nxt: Grey frames ``[N, H, W]`` (or ``[H, W]``): uint8 in
            [0, 255], or floating point in [0, 1] (scaled by 255, as
            OpenCV does).
        tau: Time step of the dual update (stable for ``tau <= 0.25``).
        lambda_: Weight of the data term; smaller is smoother.
        theta: Coupling between ``u`` and the auxiliary ``v``.
        nscales: Pyramid levels (fewer if a side would drop below 16).
        warps: Warpings per level.
        epsilon: Stopping threshold on the mean squared update.
        inner_iterations, outer_iterations: Iterations per warp; the
            median filter runs before each outer iteration.
        scale_step: Down-scaling factor between levels.
        gamma: Weight of the illumination term (0: off).
        median_filtering: Median kernel (1: off; OpenCV takes 3 or 5).

    Returns:
        float32 ``[N, H, W, 2]`` (or ``[H, W, 2]``): (x, y) displacement in
        pixels, ``prev(p) ~ nxt(p + flow(p))``.
    """
    if prev.shape != nxt.shape or prev.dim() not in (2, 3):
        raise ValueError(f'tvl1_flow: expected two [N, H, W] tensors of the '
                         f'same shape, got {tuple(prev.shape)} and '
                         f'{tuple(nxt.shape)}')
    if nscales < 1:
        raise ValueError(f'tvl1_flow: nscales {nscales}, expected >= 1')
    if median_filtering > 1 and median_filtering not in (3, 5):
        raise ValueError(f'tvl1_flow: median_filtering {median_filtering}, '
                         'expected 3, 5 (as cv2.medianBlur on float) or 1')
    single = prev.dim() == 2
    opts = dict(tau=tau, lambda_=lambda_, theta=theta, warps=warps,
                epsilon=epsilon, inner_iterations=inner_iterations,
                outer_iterations=outer_iterations, gamma=gamma,
                median_filtering=median_filtering)

    def to_float(img):
        scale = 1.0 if img.dtype == torch.uint8 else 255.0
        img = img.float() * scale
        return img[None, None] if single else img[:, None]

    if not single and prev.shape[0] == 0:
        return prev.new_zeros(*prev.shape, 2, dtype=torch.float32)
    with torch.no_grad():
        pyramid: List[Tuple[torch.Tensor, torch.Tensor]] = [
            (to_float(prev), to_float(nxt))]
        for _ in range(1, nscales):
            h, w = pyramid[-1][0].shape[-2:]
            size = (round(h * scale_step), round(w * scale_step))
            if min(size) < _MIN_SIDE:
                break
            pyramid.append(tuple(
                _resize_linear(img, size, (scale_step, scale_step))
                for img in pyramid[-1]))
        i0 = pyramid[-1][0]
        channels = 3 if gamma != 0 else 2
        u = i0.new_zeros(i0.shape[0], channels, *i0.shape[-2:])
        for level in range(len(pyramid) - 1, -1, -1):
            i0, i1 = pyramid[level]
            if u.shape[-2:] != i0.shape[-2:]:
                h, w = i0.shape[-2:]
                ch, cw = u.shape[-2:]
                u = _resize_linear(u, (h, w), (h / ch, w / cw))
                u[:, :2] /= scale_step  # the illumination term is not scaled
            u = _one_scale(i0, i1, u, opts)
        flow = u[:, :2].permute(0, 2, 3, 1).contiguous()
    return flow[0] if single else flow
