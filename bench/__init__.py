"""The benchmark: iscm-graph against one hand-written SQL statement and PostGraphile v4.

Run from the project's virtual environment with `python -m bench [--quick]`; see README.md.
Not part of the test suite: `tests/test_bench_smoke.py` only checks the generator and the
limit's SQL against iscm-graph's answers.
"""
