"""BF16OptimWrapper: bf16 autocast on CPU, float32 weights and steps."""
import torch


def test_bf16_optim_wrapper_runs_the_forward_in_bf16_on_cpu():
    from mmengine.registry import OPTIM_WRAPPERS
    from torch import nn
    model = nn.Linear(4, 2)
    wrapper = OPTIM_WRAPPERS.build(dict(
        type='BF16OptimWrapper',
        optimizer=torch.optim.SGD(model.parameters(), lr=0.1)))
    before = model.weight.detach().clone()
    with wrapper.optim_context(model):
        out = model(torch.randn(3, 4))
    assert out.dtype == torch.bfloat16
    wrapper.update_params(out.float().pow(2).mean())
    assert model.weight.dtype == torch.float32
    assert not torch.equal(before, model.weight)
