"""``python -m soak``: the public SDK against the sandbox under faults, with figures.

Each scenario module (``_writes``, ``_tokens``, ``_cancel``) exposes ``SCENARIO``; the runner
(:mod:`soak._harness`) runs the modules listed in ``SCENARIO_MODULES`` and writes one report.
A new scenario is one more module with a ``SCENARIO`` and one more line in that list.
"""
