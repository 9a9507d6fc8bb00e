"""JSON Schema dialects, metaschema checks and walking subschemas."""

from __future__ import annotations

from seamguard.schema._dialects import (
    DEFAULT_DIALECT,
    DRAFT7,
    DRAFT202012,
    dialect_of,
    metaschema_errors,
    to_pointer,
    validator_class,
)
from seamguard.schema._normalize import to_draft_2020
from seamguard.schema._validators import CompiledSchema, Validators
from seamguard.schema._walk import (
    ANNOTATIONS,
    Subschema,
    canonical_form,
    iter_subschemas,
    refs_outside_schemas,
    strip_annotations,
)
from seamguard.schema._within import Outcome, Verdict, admits_only

__all__ = [
    "ANNOTATIONS",
    "DEFAULT_DIALECT",
    "DRAFT7",
    "DRAFT202012",
    "CompiledSchema",
    "Outcome",
    "Subschema",
    "Validators",
    "Verdict",
    "admits_only",
    "canonical_form",
    "dialect_of",
    "iter_subschemas",
    "metaschema_errors",
    "refs_outside_schemas",
    "strip_annotations",
    "to_draft_2020",
    "to_pointer",
    "validator_class",
]
