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

import json
from typing import TYPE_CHECKING, Any

from seamguard.errors import SeamguardError

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from seamguard.contracts import SchemaDocument, Validators

__all__ = ["document_strategy"]

_ANNOTATIONS = ("$id", "$schema", "$comment", "examples", "title", "description")


def _as_openapi(schema: Any) -> dict[str, Any]:
    body = dict(schema) if isinstance(schema, dict) else {"not": {}} if schema is False else {}
    definitions = body.pop("$defs", {})
    for key in _ANNOTATIONS:
        body.pop(key, None)
    if definitions:
        # A recursive $ref stays "#/$defs/..." after dereferencing; inside an OpenAPI
        # document that pointer is read from the document root, so the definitions move there.
        text = json.dumps(body).replace('"#/$defs/', '"#/components/schemas/')
        body = json.loads(text)
        definitions = json.loads(
            json.dumps(definitions).replace('"#/$defs/', '"#/components/schemas/')
        )
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


def document_strategy(
    document: SchemaDocument, validators: Validators, *, negative: bool = False
) -> SearchStrategy[Any]:
    """A strategy of documents valid under ``document`` (invalid ones with ``negative``)."""
    try:
        return schema_strategy(validators.dereference(document), negative=negative)
    except Exception as exc:
        # Schemathesis' messages run over several lines; a usage error is one.
        reason = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        raise SeamguardError(
            f"{document.path}: cannot generate documents from this schema: {reason}"
        ) from exc


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
