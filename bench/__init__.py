"""Benchmark scripts (bench/README.md); a package so that the bare settings can be imported."""
