"""Benchmarks of fincard-async against raw aiohttp, aiohttp + orjson and a stock generated client.

Run ``python -m bench`` (full, writes ``bench/RESULTS.md``) or ``python -m bench --smoke``
(seconds, tiny sizes, report to a temporary file or ``--out``). The server answers from a
process of its own with pre-serialised bytes; see ``bench/_server.py``.
"""
