"""Benchmarks: run with ``./dev.sh bench [--small]`` (not part of the test run)."""
