"""Benchmarks are run on purpose, one file at a time, each into its own results JSON: see
"Regenerating every table" in bench/README.md."""
