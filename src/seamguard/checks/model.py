"""``model-matches-contract``: the pydantic models a seam's logic takes and returns, against
the seam's contract.

A model bound to a seam (a parameter annotated with a pydantic model, the return annotation;
found from the logic callable's annotations) is judged by what crosses the seam, the model's
JSON form after pydantic has validated a document (``seamguard.seams.to_json``):

- input, the contract's side: every contract-valid document must be accepted by the model,
  and what the model makes of it must still be contract-valid (pydantic's lax mode turns a
  contract-valid ``"5"`` into ``5`` for an ``int`` field: the message names that coercion);
- input, the model's side: nothing the model accepts may cross as a document the contract
  forbids (a model that allows 500 characters where the contract says 200);
- output: whatever the model can produce must be valid under the output schema (a model that
  dropped a required field).

Each side is judged twice. Statically, the subschema decision (``schema.admits_only``)
compares the model's JSON schema (pydantic's ``TypeAdapter.json_schema``) with the contract;
a counterexample it finds is replayed through the real model before it is reported, because
the JSON schema pydantic writes is not the model's whole behaviour (custom validators, lax
coercions). By generation, Hypothesis draws documents from the contract (valid and invalid)
and from the model's JSON schema, and runs each through the model. Contract-invalid input
that the model turns into a contract-valid crossing (``"5"`` for an integer) is not a seam
bug; it is listed in the result's reason, so it is seen rather than silently accepted.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from seamguard.checks._hypothesis import run_examples
from seamguard.checks._ids import MODEL_MATCHES_CONTRACT
from seamguard.checks._model_sides import Model, ModelSide, models_of
from seamguard.checks._result import CheckResult
from seamguard.checks._text import short_json, show_path
from seamguard.errors import ContractViolation, Failure
from seamguard.schema import admits_only

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.contracts import Contract, Validators
    from seamguard.seams import BoundSeam

__all__ = ["check_model_matches_contract"]


def check_model_matches_contract(
    seam: BoundSeam,
    contract: Contract,
    validators: Validators,
    *,
    max_examples: int,
    seed: int,
    relative_to: Path,
) -> CheckResult:
    """``model-matches-contract`` on one seam: one result (skipped without models)."""
    version = str(contract.version)
    sides = models_of(seam)
    if not sides:
        return CheckResult(
            seam.seam,
            version,
            MODEL_MATCHES_CONTRACT,
            "skipped",
            reason="the logic takes and returns no pydantic model (by its annotations)",
        )
    judge = _Judge(seam.seam, version, validators, contract, seed, relative_to)
    failures: list[Failure] = []
    examples = 0
    for side in sides:
        found, ran = judge.side(side, max_examples)
        failures.extend(found)
        examples += ran
    if failures:
        return CheckResult(
            seam.seam,
            version,
            MODEL_MATCHES_CONTRACT,
            "failed",
            examples,
            failures=tuple(failures),
        )
    if judge.errors:
        # A run that could not finish judged nothing: it must not read as a pass.
        return CheckResult(
            seam.seam, version, MODEL_MATCHES_CONTRACT, "error", examples, reason=judge.errors[0]
        )
    reason = ""
    if judge.coercions:
        shown = "; ".join(sorted(judge.coercions)[:3])
        more = f" (and {len(judge.coercions) - 3} more)" if len(judge.coercions) > 3 else ""
        reason = (
            "pydantic's lax mode also accepts input the contract forbids and turns it into "
            f"a contract-valid crossing: {shown}{more}"
        )
    return CheckResult(
        seam.seam, version, MODEL_MATCHES_CONTRACT, "passed", examples, reason=reason
    )


class _Judge:
    def __init__(
        self,
        seam: str,
        version: str,
        validators: Validators,
        contract: Contract,
        seed: int,
        relative_to: Path,
    ) -> None:
        self.seam, self.version, self.seed = seam, version, seed
        self.validators, self.contract, self.relative_to = validators, contract, relative_to
        self.coercions: set[str] = set()
        self.errors: list[str] = []
        """Why a generated run could not finish (its check is an error, not a pass)."""

    def side(self, side: ModelSide, max_examples: int) -> tuple[list[Failure], int]:
        document = self.contract.input if side.file == "input" else self.contract.output
        schema = _at(self.validators.dereference(document), side.pointer)
        file = show_path(document.path, self.relative_to)
        if schema is None:
            failure = self._failure(
                side,
                file,
                f"the contract's {side.file} schema has no {side.pointer} for {side.name}",
                None,
                "",
            )
            return [failure], 0
        model = Model(side)
        contract_validator = _Valid(schema)
        failures: dict[str, Failure] = {}
        for rule, found in self._static(side, model, schema, contract_validator, file):
            failures.setdefault(rule, found)
        ran = 0
        runs = self._dynamic(side, model, schema, contract_validator, file)
        # The generated runs share one check's budget: the static comparison has already
        # judged the schemas as wholes, and each drawn example costs about what an API case
        # does (benchmarks/bench_api.py), so the check stays near one logic check in cost.
        budget = max(10, max_examples // max(1, len(runs)))
        for rule, strategy, body in runs:
            if rule in failures:
                continue
            outcome = run_examples(
                strategy,
                body,
                max_examples=budget,
                seed=self.seed,
                key=f"model/{self.seam}@{self.version}/{side.file}{side.pointer}"
                f"/{runs.index((rule, strategy, body))}:{rule}",
            )
            ran += outcome.calls
            if outcome.violation is not None:
                failures[rule] = outcome.violation.failure
            elif outcome.error:
                self.errors.append(f"{side.name}: {outcome.error}")
        return list(failures.values()), ran

    # -- the three rules, each a message for a document that breaks it -------------------------

    def _rejects_valid(
        self, side: ModelSide, model: Model, document: Any, valid: _Valid
    ) -> str | None:
        """Rule "contract": a contract-valid document the model refuses or mangles."""
        accepted, crossing, error = model.crossing(document)
        if not accepted:
            return (
                f"{side.name} rejects a document the contract's {side.file} schema admits "
                f"({error}): the logic cannot be reached with it"
            )
        if not valid(crossing):
            return (
                f"{side.name} turns a contract-valid document into one the contract forbids "
                f"({_changes(document, crossing)}), {valid.explain(crossing)}: "
                f"{short_json(crossing)} crosses the seam"
            )
        return None

    def _accepts_forbidden(
        self, side: ModelSide, model: Model, document: Any, valid: _Valid
    ) -> str | None:
        """Rule "model": a document the model accepts that crosses as a forbidden one."""
        accepted, crossing, _error = model.crossing(document)
        if not accepted:
            return None
        if valid(crossing):
            if not valid(document):
                self.coercions.add(_coercion(document, crossing))
            return None
        verb = "accepts" if side.file == "input" else "can produce"
        return (
            f"{side.name} {verb} a document the contract's {side.file} schema forbids, "
            f"{valid.explain(crossing)}: {short_json(crossing)}"
        )

    def _static(
        self, side: ModelSide, model: Model, schema: Any, valid: _Valid, file: str
    ) -> list[tuple[str, Failure]]:
        found: list[tuple[str, Failure]] = []
        try:
            model_schema = model.schema()
        except Exception:  # a type pydantic writes no JSON schema for: generation alone
            return found
        questions = [("model", model_schema, schema, self._accepts_forbidden)]
        if side.file == "input":
            questions.append(("contract", schema, model_schema, self._rejects_valid))
        for rule, smaller, larger, test in questions:
            verdict = admits_only(smaller, larger, a_name="the model", b_name="the contract")
            if verdict.outcome != "no":
                continue
            try:
                message = test(side, model, verdict.counterexample, valid)
            except Exception as error:  # the model itself failed: the check errs, no crash
                self.errors.append(f"{side.name}: {type(error).__name__}: {error}")
                continue
            if message is not None:
                found.append(
                    (rule, self._failure(side, file, message, verdict.counterexample, rule))
                )
        return found

    def _dynamic(
        self, side: ModelSide, model: Model, schema: Any, valid: _Valid, file: str
    ) -> list[tuple[str, Any, Any]]:
        from seamguard.generation import schema_strategy

        def body_for(rule: str, test: Any) -> Any:
            def body(document: Any) -> None:
                try:
                    json.dumps(document, allow_nan=False)
                except (TypeError, ValueError):
                    return  # negative draws include raw bytes: no JSON document to judge
                message = test(side, model, document, valid)
                if message is not None:
                    raise ContractViolation(self._failure(side, file, message, document, rule))

            return body

        runs: list[tuple[str, Any, Any]] = []
        try:
            from_model = schema_strategy(model.schema())
        except Exception:  # nothing to draw from the model's side
            from_model = None
        if from_model is not None:
            runs.append(("model", from_model, body_for("model", self._accepts_forbidden)))
        if side.file == "input":
            try:
                runs.append(
                    ("contract", schema_strategy(schema), body_for("contract", self._rejects_valid))
                )
                runs.append(
                    (
                        "model",
                        schema_strategy(schema, negative=True),
                        body_for("model", self._accepts_forbidden),
                    )
                )
            except Exception:  # a contract the generator cannot draw from
                pass
        return runs

    def _failure(
        self, side: ModelSide, file: str, message: str, document: Any, rule: str
    ) -> Failure:
        annotation = side.annotation
        reproduce = ""
        if isinstance(annotation, type) and document is not None:
            module = annotation.__module__
            text = json.dumps(document)
            reproduce = (
                f"from pydantic import TypeAdapter\nfrom {module} import {annotation.__name__}\n"
                f"TypeAdapter({annotation.__name__}).validate_json({text!r})"
            )
        return Failure(
            check=MODEL_MATCHES_CONTRACT,
            seam=self.seam,
            version=self.version,
            message=message,
            file=file,
            pointer=side.pointer,
            example=document,
            seed=self.seed,
            reproduce=reproduce,
            key=f"{side.file}:{side.parameter}:{rule}:{message}",
        )


class _Valid:
    """Whether a document is valid under ``schema`` (self-contained, formats asserted)."""

    def __init__(self, schema: Any) -> None:
        import jsonschema_rs

        self.schema = schema
        self._compiled = jsonschema_rs.validator_for(schema, validate_formats=True, offline=True)

    def __call__(self, document: Any) -> bool:
        return bool(self._compiled.is_valid(document))

    def explain(self, document: Any) -> str:
        """Where and why ``document`` is invalid, as jsonschema-rs says it."""
        for error in self._compiled.iter_errors(document):
            where = "/" + "/".join(str(part) for part in error.instance_path)
            return f"at {where}: {error.message}"
        return "valid"


def _coercion(before: Any, after: Any, at: str = "") -> str:
    """What kind of change pydantic made to a contract-invalid document, in words."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before:
            if key not in after:
                return "properties the contract forbids are dropped (pydantic's extra='ignore')"
            if after[key] != before[key] or type(after[key]) is not type(before[key]):
                return _coercion(before[key], after[key], f"{at}/{key}")
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for one, other in zip(before, after, strict=True):
            if one != other or type(one) is not type(other):
                return _coercion(one, other, f"{at}/[]")
    if type(before) is not type(after):
        return f"{_kind(before)} becomes {_kind(after)} at {at or '/'}"
    return f"a value is changed at {at or '/'}"


def _at(schema: Any, pointer: str) -> Any:
    node = schema
    for token in pointer.split("/")[1:]:
        if not isinstance(node, dict) or token not in node:
            return None
        node = node[token]
    return node


def _changes(before: Any, after: Any, at: str = "") -> str:
    """The first place pydantic changed a value, in words."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before:
            if key in after and after[key] != before[key]:
                return _changes(before[key], after[key], f"{at}/{key}")
            if key not in after:
                return f"{at}/{key} was dropped"
        for key in after:
            if key not in before:
                return f"{at}/{key} was added as {short_json(after[key], 60)}"
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (one, other) in enumerate(zip(before, after, strict=True)):
            if one != other:
                return _changes(one, other, f"{at}/{index}")
    kinds = f"{_kind(before)} to {_kind(after)}"
    return (
        f"pydantic's lax mode turned {short_json(before, 60)} at {at or '/'} into "
        f"{short_json(after, 60)} ({kinds})"
        if type(before) is not type(after)
        else f"{short_json(before, 60)} at {at or '/'} became {short_json(after, 60)}"
    )


def _kind(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)
