"""The schema core: dialects, metaschema checks, walking subschemas, schema documents, the
subschema decision and change classification. It imports nothing of seamguard above it
(tests/unit/test_layering.py)."""

from __future__ import annotations

from seamguard.schema._dialects import (
    DEFAULT_DIALECT,
    DRAFT7,
    DRAFT202012,
    dialect_of,
    metaschema_errors,
    validator_class,
)
from seamguard.schema._document import SchemaDocument
from seamguard.schema._keywords import ANNOTATIONS, to_pointer
from seamguard.schema._normalize import to_draft_2020
from seamguard.schema._walk import (
    Subschema,
    canonical_form,
    iter_subschemas,
    refs_outside_schemas,
    strip_annotations,
)
from seamguard.schema._within import Outcome, Verdict, admits_only, different_forms

__all__ = [
    "ANNOTATIONS",
    "DEFAULT_DIALECT",
    "DRAFT7",
    "DRAFT202012",
    "Outcome",
    "SchemaDocument",
    "Subschema",
    "Verdict",
    "admits_only",
    "canonical_form",
    "dialect_of",
    "different_forms",
    "iter_subschemas",
    "metaschema_errors",
    "refs_outside_schemas",
    "strip_annotations",
    "to_draft_2020",
    "to_pointer",
    "validator_class",
]
