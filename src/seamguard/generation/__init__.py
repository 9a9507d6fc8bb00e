"""Generation: Hypothesis strategies for the logic side, the ASGI driver for the API side."""

from __future__ import annotations

from seamguard.generation._logic import document_strategy, find_counterexample, schema_strategy

__all__ = ["document_strategy", "find_counterexample", "schema_strategy"]
