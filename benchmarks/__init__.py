"""Benchmarks: a generator of large realistic corpora, and a runner printing figures
beside baselines measured in the same run."""
