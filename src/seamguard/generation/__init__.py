"""Generation: Hypothesis strategies for the logic side, the ASGI driver for the API side."""

from __future__ import annotations

from seamguard.generation._logic import (
    GenerationError,
    document_strategy,
    find_counterexample,
    schema_strategy,
)

__all__ = ["GenerationError", "document_strategy", "find_counterexample", "schema_strategy"]
