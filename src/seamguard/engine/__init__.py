"""Run checks and emit their results as events. Knows no output format.

:func:`run_lint` runs the static checks of a contracts tree; :func:`run_check` every check on
every bound seam (static, logic side, API side), each unit of work (:mod:`._units`) here or
in worker processes (:mod:`._workers`), in one shard or all (:mod:`._shard`), the sides'
findings joined into each seam's results (:mod:`._merge`); both return a :class:`Run`.
"""

from __future__ import annotations

from seamguard.engine._lint import run_lint
from seamguard.engine._model import OnProgress, OnResult, Run
from seamguard.engine._run import run_check
from seamguard.engine._units import SeamContext, seam_context
from seamguard.project import call_seam

__all__ = [
    "OnProgress",
    "OnResult",
    "Run",
    "SeamContext",
    "call_seam",
    "run_check",
    "run_lint",
    "seam_context",
]
