"""What changed between two versions of a JSON Schema, and whether each change breaks.

``classify(old, new, direction=...)`` walks both versions in parallel (properties by name,
items, ``prefixItems`` by index, combinator branches by structure, ``not``, ``if``/``then``/
``else``, ``$defs`` through the ``$ref`` values that reach them) and names each change by the
kinds of COMPAT-CATALOGUE.md §2. Each change's verdict is proved by ``admits_only`` on the old
schema against the old schema with that change alone; the catalogue's rule answers only where
the proof is undecided.

Modules, each importing only those above it::

    _model     Change, Direction, Policy; the raw changes and their edits
    _diff      the parallel walk
    _rules     the catalogue's verdict per kind, and the tolerant policy
    _classify  classify: the proofs, the counterexamples, the settling of the verdicts
"""

from __future__ import annotations

from seamguard.schema._changes._classify import classify
from seamguard.schema._changes._model import Change, Direction, Policy

__all__ = ["Change", "Direction", "Policy", "classify"]
