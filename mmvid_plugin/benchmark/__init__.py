"""Speed and memory benchmarks (``tools/benchmark.py``): the machine
measured first, every figure named with it; results in
``docs/benchmarks.md`` and ``docs/benchmarks.json``, never in tests."""
from .machine import describe_machine, machine_line, matmul_gflops
from .timing import Options, Steps, interleaved_medians

__all__ = ['describe_machine', 'machine_line', 'matmul_gflops', 'Options',
           'Steps', 'interleaved_medians']
