"""Scaffolding: ``seamguard init`` (bindings and first contracts for an existing app) and
``seamguard new-version`` (the next version folder of a seam).

Layering: this package consumes ``config``, ``seams`` and ``contracts``; only ``cli`` uses it.
"""

from __future__ import annotations

from seamguard.scaffold._init import (
    Plan,
    PlannedSeam,
    Survey,
    SurveyedRoute,
    plan,
    survey,
    write,
)
from seamguard.scaffold._versions import NewVersion, new_version

__all__ = [
    "NewVersion",
    "Plan",
    "PlannedSeam",
    "Survey",
    "SurveyedRoute",
    "new_version",
    "plan",
    "survey",
    "write",
]
