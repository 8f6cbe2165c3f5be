"""Build-speed benchmark: a synthetic corpus in the project's formats, built plain and full.

``python -m bench`` (``make bench``) generates the corpus with :mod:`bench.corpus` and
times the builds with :mod:`bench.run`; see PERFORMANCE.md for what it measures.
"""
