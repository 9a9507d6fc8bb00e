"""Logic-side generation: Hypothesis strategies of contract-valid input documents.

The generator is Schemathesis' own, reached through its public API: the seam's input schema
becomes the JSON request body of a one-operation OpenAPI 3.1 document, and the operation's
``as_strategy()`` draws bodies. Chosen for correctness: Draft 2020-12, formats honoured
(uuid, date, date-time), 100 % of drawn documents valid under the format-asserting validator
(``benchmarks/bench_logic.py``). hypothesis-jsonschema 0.23.1, the usual choice, fails on
every object schema on current Hypothesis and knows no Draft 2020-12. The price: building a
whole Schemathesis case to keep its body costs about 15 % of a draw.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from seamguard.errors import SeamguardError
from seamguard.schema._bundle import UnresolvableRef, bundle

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from seamguard.contracts import SchemaDocument, Validators

__all__ = ["GenerationError", "document_strategy", "find_counterexample", "schema_strategy"]

_ANNOTATIONS = ("$id", "$schema", "$comment", "examples", "title", "description")
_COMPONENTS = "#/components/schemas/"
_AT_POINTER = re.compile(r" at (/\S*)$")


def _as_openapi(schema: Any) -> dict[str, Any]:
    # A recursive $ref stays a $ref after dereferencing; inside an OpenAPI document a pointer
    # is read from the document's root, so the schema is bundled (schema._bundle: every
    # target, from "definitions", "$defs", a nested $id or another file, once under a name)
    # and its definitions become the document's components. A pointer left as written drew
    # Schemathesis' NotSet instead of documents.
    body = (
        bundle(schema, refs_to=_COMPONENTS)
        if isinstance(schema, dict)
        else {"not": {}}
        if schema is False
        else {}
    )
    definitions = body.pop("$defs", {})
    for key in _ANNOTATIONS:
        body.pop(key, None)
    return {
        "openapi": "3.1.0",
        "info": {"title": "seamguard seam", "version": "1"},
        "paths": {
            "/seam": {
                "post": {
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": body}},
                    },
                    "responses": {"200": {"description": "the logic's answer"}},
                }
            }
        },
        "components": {"schemas": definitions},
    }


class GenerationError(SeamguardError):
    """Documents cannot be drawn from a contract; one line naming the file, and the JSON
    pointer where the schema says what cannot be drawn when it is known (``pointer``)."""

    def __init__(self, path: Any, pointer: str | None, reason: str) -> None:
        at = f"at {pointer or '/'}: " if pointer is not None else ""
        super().__init__(f"{path}: cannot generate documents from this schema: {at}{reason}")
        self.pointer = pointer


def document_strategy(
    document: SchemaDocument,
    validators: Validators,
    *,
    negative: bool = False,
    shown: str | None = None,
) -> SearchStrategy[Any]:
    """A strategy of documents valid under ``document`` (invalid ones with ``negative``).

    A draw the generator cannot make (Schemathesis finds the schema unsupported or
    unsatisfiable when drawing, draws its ``NotSet`` for no body, or draws a document the
    schema forbids) raises :class:`GenerationError` instead of reaching the logic, where it
    would read as the logic's fault.

    ``shown``: the file as errors name it (default: its path).

    Raises:
        GenerationError: the strategy cannot be built.
    """
    from hypothesis import strategies as st

    path = shown or document.path

    try:
        inner = schema_strategy(validators.dereference(document), negative=negative)
    except UnresolvableRef as exc:
        where = "" if exc.uri == document.uri else f" (in {exc.uri})"
        raise GenerationError(path, exc.pointer, f"{exc}{where}") from exc
    except Exception as exc:
        raise _generation_error(path, exc) from exc
    compiled = None if negative else validators.of(document)

    @st.composite
    def guarded(draw: Any) -> Any:
        from hypothesis.errors import Unsatisfiable
        from schemathesis.core import NotSet
        from schemathesis.errors import SchemathesisError

        try:
            value = draw(inner)
        # Raised lazily, on the first draw: UnsupportedSchema, and UnsatisfiableSchema (a
        # Hypothesis Unsatisfiable, which Hypothesis itself raises only after a run).
        except (SchemathesisError, Unsatisfiable) as exc:
            raise _generation_error(path, exc) from None
        if isinstance(value, NotSet):
            raise GenerationError(path, "", "Schemathesis drew no document (NotSet)")
        if compiled is not None and not compiled.is_valid(value):
            pointer, message = compiled.errors(value)[0]
            raise GenerationError(
                path,
                None,
                f"Schemathesis drew a document the schema forbids, at {pointer or '/'} of "
                f"the document: {message}",
            )
        return value

    return guarded()


def _generation_error(path: Any, exc: BaseException) -> GenerationError:
    """``exc`` (Schemathesis' messages run over several lines, and may dump the schema) as
    one line, with the pointer it names (`` at /properties/a`` closing its last line)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if "Schema:" in lines:  # the dump between the headline and the verdict goes
        lines = [lines[0], lines[-1]]
    reason = " ".join(lines) or type(exc).__name__
    found = _AT_POINTER.search(lines[-1]) if lines else None
    if found:
        reason = reason[: len(reason) - len(found.group(0))]
    return GenerationError(path, found.group(1) if found else None, reason)


def schema_strategy(schema: Any, *, negative: bool = False) -> SearchStrategy[Any]:
    """A strategy of documents valid under a self-contained (dereferenced) schema."""
    import schemathesis
    from schemathesis.generation.modes import GenerationMode

    operation = schemathesis.openapi.from_dict(_as_openapi(schema))["/seam"]["POST"]
    mode = GenerationMode.NEGATIVE if negative else GenerationMode.POSITIVE
    strategy = operation.as_strategy(generation_mode=mode)  # type: ignore[arg-type]
    return strategy.map(lambda case: case.body)


def find_counterexample(a: Any, b: Any, *, max_examples: int = 200, seed: int = 0) -> Any:
    """A document valid under ``a`` and invalid under ``b``, shrunk; ``None`` when the search
    finds none (which proves nothing).

    Both are self-contained Draft 2020-12 schemas; both verdicts come from jsonschema with
    formats asserted. Used where the subschema decision answers "undecided".
    """
    import jsonschema
    import jsonschema_rs
    from hypothesis import HealthCheck, Phase, find, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis.errors import HypothesisException, NoSuchExample
    from schemathesis.errors import SchemathesisError

    cls = jsonschema.Draft202012Validator
    inside = cls(a, format_checker=cls.FORMAT_CHECKER)
    outside = cls(b, format_checker=cls.FORMAT_CHECKER)

    def valid(validator: Any, schema: Any, document: Any) -> bool | None:
        try:
            return bool(validator.is_valid(document))
        except RecursionError:
            # A $ref cycle with no base case: jsonschema recurses forever; jsonschema-rs,
            # which decides validity in seamguard's checks, ends the cycle as satisfied.
            try:
                return bool(
                    jsonschema_rs.validator_for(
                        schema, validate_formats=True, offline=True
                    ).is_valid(document)
                )
            except Exception:
                return None

    def shows_it(document: Any) -> bool:
        return valid(inside, a, document) is True and valid(outside, b, document) is False

    try:
        strategy = schema_strategy(a)
    except Exception:  # a schema the generator cannot draw from: no search, no claim
        return None
    search = settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
    try:
        found = hypothesis_seed(seed)(lambda: find(strategy, shows_it, settings=search))()
    except (NoSuchExample, HypothesisException, SchemathesisError):
        # SchemathesisError: the strategy is lazy, and a part of ``a`` it cannot draw from
        # (UnsupportedSchema) shows only when the first example is drawn.
        return None
    return found if shows_it(found) else None
