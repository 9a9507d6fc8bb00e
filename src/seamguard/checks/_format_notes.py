"""Format strictness JSON Schema cannot state, met on the logic side.

A contract-valid value can still fail to convert to the logic's annotation only because the
annotation checks a ``format`` more strictly than JSON Schema's: pydantic's ``EmailStr``
refuses the special-use domain of ``0@0.test``, which ``format: email`` admits. When the
contract and the annotation's own JSON schema (pydantic's ``TypeAdapter.json_schema``) name
the same ``format`` at every place pydantic refused, ``logic-accepts-input`` notes the
example on its passing result, as ``model-matches-contract`` does
(:mod:`seamguard.checks.model`), instead of failing it. A refusal where the formats differ,
or where no format is named, still fails.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from seamguard.checks._model_sides import formats_at, schema_at
from seamguard.checks._model_words import capped, cut

if TYPE_CHECKING:
    from seamguard.contracts import SchemaDocument, Validators
    from seamguard.seams import BoundSeam, ConversionError

__all__ = ["FormatNotes"]


class FormatNotes:
    """The format notes of one seam's logic side, one per parameter and place."""

    def __init__(self, seam: BoundSeam, validators: Validators, document: SchemaDocument) -> None:
        """``document``: the contract's input schema."""
        self.seam = seam
        self.validators, self.document = validators, document
        self.notes: dict[tuple[str, str], str] = {}

    @property
    def reason(self) -> str:
        """The notes, joined: the passing result's reason."""
        return "; ".join(self.notes.values())

    def noted(self, error: ConversionError, document: Any) -> bool:
        """Whether ``error`` (raised converting ``document``) is format strictness alone:
        then it is noted (once per parameter and place), not failed."""
        parameter, *inner = error.parameter.split(".")  # "p.key": a TypedDict's key
        annotation = self.seam.shape.hints.get(parameter)
        if parameter == "*" or annotation is None or not error.problems:
            return False
        single = self.seam.shape.single is not None
        try:
            whole = self.validators.dereference(self.document)
        except Exception:  # a contract too large to inline: no format to compare
            return False
        contract = schema_at(whole, "" if single else f"/properties/{parameter}")
        own = _schema_of(annotation)
        if contract is None or own is None:
            return False
        places: list[tuple[tuple[str | int, ...], str, str]] = []
        for loc, message in error.problems:
            full = (*inner, *loc)
            shared = formats_at(contract, full) & formats_at(own, full)
            if not shared:
                return False
            places.append((full, sorted(shared)[0], message))
        value = document if single else _at(document, (parameter,))
        for loc, format_, message in places:
            where = " at /" + "/".join(str(part) for part in loc) if loc else ""
            place = "/".join("*" if isinstance(part, int) else str(part) for part in loc)
            self.notes.setdefault(
                (parameter, place),
                f"parameter '{parameter}' refuses{where} a value the contract admits, "
                f"e.g. {capped(_at(value, loc))}, though both say format '{format_}': format "
                f"strictness JSON Schema cannot state ({cut(message)}), noted, not failed",
            )
        return True


def _at(value: Any, loc: tuple[str | int, ...]) -> Any:
    """The part of ``value`` at pydantic's ``loc`` (as far as it reaches)."""
    for part in loc:
        listed = isinstance(value, list) and isinstance(part, int) and part < len(value)
        if not (listed or (isinstance(value, dict) and part in value)):
            break
        value = value[part]
    return value


def _schema_of(annotation: Any) -> Any:
    """The annotation's JSON schema (validation mode), or ``None`` when pydantic writes none."""
    try:
        return _cached_schema(annotation)
    except TypeError:  # an unhashable annotation (rare): made each time
        return _make_schema(annotation)


@functools.lru_cache(maxsize=256)
def _cached_schema(annotation: Any) -> Any:
    return _make_schema(annotation)


def _make_schema(annotation: Any) -> Any:
    try:
        return TypeAdapter(annotation).json_schema(mode="validation")
    except Exception:  # PydanticSchemaGenerationError, PydanticInvalidForJsonSchema, ...
        return None
