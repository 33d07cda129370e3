"""Benchmarks and the scalable dataset generator (not run by CI; see docs/PERFORMANCE.md)."""
