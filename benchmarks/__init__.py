"""Speed measured against hand-written floors, in the same run: ``python -m benchmarks.values``."""
