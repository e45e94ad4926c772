"""What the machine is and what it can do: CPU model, vector extensions,
threads, and the matmul rate every speed is compared with."""
import os
import platform
import time
from typing import Dict, List, Optional

import torch

#: CPU flags worth naming: the vector units the kernels can use.
VECTOR_FLAGS = ('avx2', 'fma', 'avx512f', 'avx512_vnni', 'avx512_bf16',
                'amx_bf16', 'amx_tile', 'avx_vnni', 'asimd', 'sve')


def cpu_info() -> Dict[str, object]:
    """Model name and vector flags from ``/proc/cpuinfo`` (Linux)."""
    model, flags = platform.processor() or platform.machine(), set()
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                key, _, value = line.partition(':')
                key = key.strip()
                if key == 'model name':
                    model = value.strip()
                elif key in ('flags', 'Features'):
                    flags.update(value.split())
    except OSError:
        pass
    return dict(model=model, cores=os.cpu_count(),
                vector_flags=[f for f in VECTOR_FLAGS if f in flags])


def matmul_gflops(dtype: torch.dtype = torch.float32, size: int = 2048,
                  device: str = 'cpu', seconds: float = 1.0) -> float:
    """Measured ``size``-square matmul rate in GFLOP/s (2 n^3 per
    product), the best of repeated runs over about ``seconds``. A dtype
    the machine only emulates (bf16 without AVX-512-BF16 / AMX: under
    1 GFLOP/s) is measured at 512 instead of a minute per product."""
    if size > 512 and matmul_gflops(dtype, 256, device, 0.0) < 20:
        size = 512
    a = torch.randn(size, size, device=device).to(dtype)
    b = torch.randn(size, size, device=device).to(dtype)
    torch.mm(a, b)  # warm-up
    best, spent = float('inf'), 0.0
    while spent < seconds or best == float('inf'):
        synchronize(device)
        start = time.perf_counter()
        torch.mm(a, b)
        synchronize(device)
        took = time.perf_counter() - start
        best, spent = min(best, took), spent + took
    return 2 * size**3 / best / 1e9


def synchronize(device: str) -> None:
    if str(device).startswith('cuda'):
        torch.cuda.synchronize()


def describe_machine(device: str = 'cpu',
                     dtypes: Optional[List[str]] = None) -> Dict:
    """The facts printed beside every figure: CPU (or GPU), torch, threads
    and the measured matmul rate per dtype."""
    dtypes = dtypes or ['float32', 'bfloat16']
    out = dict(cpu=cpu_info(), torch=torch.__version__, device=device,
               threads=torch.get_num_threads(),
               cpu_capability=torch.backends.cpu.get_cpu_capability())
    if str(device).startswith('cuda'):
        out['gpu'] = torch.cuda.get_device_name(device)
    out['matmul_gflops'] = {
        name: round(matmul_gflops(getattr(torch, name), device=device), 1)
        for name in dtypes}
    return out


def machine_line(machine: Dict) -> str:
    """One line naming the machine, for tables and logs."""
    cpu = machine['cpu']
    rates = ', '.join(f'{k} matmul {v:g} GFLOP/s'
                      for k, v in machine['matmul_gflops'].items())
    where = machine.get('gpu') or (
        f"{cpu['model']} ({cpu['cores']} cores, "
        f"{'/'.join(cpu['vector_flags']) or 'no AVX2'}, torch CPU "
        f"capability {machine['cpu_capability']})")
    return (f"{where}; torch {machine['torch']}, {machine['threads']} "
            f'threads; {rates}')
