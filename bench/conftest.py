"""Benchmarks are run on purpose: `pytest bench/ --benchmark-json=bench/results.json`."""
