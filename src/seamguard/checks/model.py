"""``model-matches-contract``: the pydantic models a seam's logic takes and returns, against
the seam's contract.

A model bound to a seam (a parameter annotated with a pydantic model, the return annotation;
found from the logic callable's annotations) is judged by what crosses the seam, the model's
JSON form after pydantic has validated a document (``seamguard.seams.to_json``). Three rules:

- input, the contract's side ("contract"): every contract-valid document must be accepted by
  the model, and what the model makes of it must still be contract-valid (pydantic's lax mode
  turns a contract-valid ``"5"`` into ``5`` for an ``int`` field: the message names that
  coercion);
- input, the model's side ("model"): nothing the model accepts may cross as a document the
  contract forbids (a model that allows 500 characters where the contract says 200);
- output ("output"): the model must not turn a contract-valid output into a forbidden one (it
  drops a required field, renames one by an alias, serialises a date differently). An output
  model merely looser than the contract (``title: str`` where the contract says 1-200
  characters) passes: what the logic really returns is judged by ``logic-output-conforms``.

A contract-valid document refused only by format strictness JSON Schema cannot state (the
contract and the model's own JSON schema both say ``format: email`` at that place, and
pydantic's ``EmailStr`` still refuses the special-use domain of ``0@0.test``) is a note on the
passing result, not a failure.

The input rules are judged statically first: the subschema decision (``schema.admits_only``)
compares the model's JSON schema (pydantic's ``TypeAdapter.json_schema``) with the contract,
and a counterexample it finds is replayed through the real model before it is reported,
because the JSON schema pydantic writes is not the model's whole behaviour (custom
validators, lax coercions). The contract's own ``examples`` are run through the model next.
By generation, Hypothesis draws documents from the contract (valid and, for input, invalid)
and from an input model's JSON schema, and runs each through the model. Contract-invalid
input that the model turns into a contract-valid crossing (``"5"`` for an integer) is not a
seam bug; it is listed in the result's reason, so it is seen rather than silently accepted.

A failure stays a few lines: values are capped (a long string is shown as its start and its
length), the document is the failure's example alone, and the reproduction builds it with a
short Python expression (``'a' * 20000``).
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from seamguard.checks._hypothesis import run_examples
from seamguard.checks._ids import MODEL_MATCHES_CONTRACT
from seamguard.checks._model_sides import Model, ModelSide, formats_at, readable_models, schema_at
from seamguard.checks._model_words import Valid, capped, changes, coercion, cut, python_literal
from seamguard.checks._result import CheckResult
from seamguard.checks._text import show_path
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
    models, unread = readable_models(seam)
    if not models:  # none, or none pydantic can read: skipped with why, never a crash
        reason = "; ".join(unread) or (
            "the logic takes and returns no pydantic model (by its annotations)"
        )
        return CheckResult(seam.seam, version, MODEL_MATCHES_CONTRACT, "skipped", reason=reason)
    judge = _Judge(seam.seam, version, validators, contract, seed, relative_to)
    failures: list[Failure] = []
    examples = 0
    for model in models:
        found, ran = judge.side(model, max_examples)
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
    notes: list[str] = []
    if judge.coercions:
        shown = "; ".join(sorted(judge.coercions)[:3])
        more = f" (and {len(judge.coercions) - 3} more)" if len(judge.coercions) > 3 else ""
        notes.append(
            "pydantic's lax mode also accepts input the contract forbids and turns it into "
            f"a contract-valid crossing: {shown}{more}"
        )
    notes.extend([*judge.notes.values(), *unread])
    reason = "; ".join(notes)
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
        self.notes: dict[tuple[str, str], str] = {}
        """Format strictness JSON Schema cannot state, by model and place: noted, not failed."""
        self.errors: list[str] = []
        """Why a generated run could not finish (its check is an error, not a pass)."""

    def side(self, model: Model, max_examples: int) -> tuple[list[Failure], int]:
        side = model.side
        document = self.contract.input if side.file == "input" else self.contract.output
        schema = schema_at(self.validators.dereference(document), side.pointer)
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
        contract_validator = Valid(schema)
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
        self, side: ModelSide, model: Model, document: Any, valid: Valid
    ) -> str | None:
        """Rule "contract": a contract-valid document the model refuses or mangles."""
        crossing = model.crossing(document)
        if not crossing.accepted:
            if self._format_strictness(side, model, document, valid, crossing.loc, crossing.error):
                return None
            return (
                f"{side.name} rejects a document the contract's {side.file} schema admits "
                f"({cut(crossing.error)}): the logic cannot be reached with it"
            )
        if not valid(crossing.value):
            return (
                f"{side.name} turns a contract-valid document into one the contract forbids "
                f"({changes(document, crossing.value)}), {valid.explain(crossing.value)}"
            )
        return None

    def _accepts_forbidden(
        self, side: ModelSide, model: Model, document: Any, valid: Valid
    ) -> str | None:
        """Rule "model": an input document the model accepts that crosses as a forbidden one."""
        crossing = model.crossing(document)
        if not crossing.accepted:
            return None
        if valid(crossing.value):
            if not valid(document):
                self.coercions.add(coercion(document, crossing.value))
            return None
        crossed = "" if crossing.value == document else f"; it crosses as {capped(crossing.value)}"
        return (
            f"{side.name} accepts a document the contract's {side.file} schema forbids, "
            f"{valid.explain(crossing.value)}{crossed}"
        )

    def _reformats(self, side: ModelSide, model: Model, document: Any, valid: Valid) -> str | None:
        """Rule "output": a contract-valid output the model turns into a forbidden one. One it
        refuses is no failure: the logic cannot return it, which narrows the output."""
        crossing = model.crossing(document)
        if not crossing.accepted or valid(crossing.value):
            return None
        return (
            f"{side.name} turns a contract-valid output into one the contract's output schema "
            f"forbids ({changes(document, crossing.value)}), {valid.explain(crossing.value)}"
        )

    def _format_strictness(
        self,
        side: ModelSide,
        model: Model,
        document: Any,
        valid: Valid,
        loc: tuple[str | int, ...],
        error: str,
    ) -> bool:
        """Whether a refusal is only format strictness JSON Schema cannot state: the contract
        and the model's own JSON schema name the same ``format`` where pydantic refused (so
        the subschema decision sees them equal); then it is noted, not failed."""
        try:
            shared = formats_at(valid.schema, loc) & formats_at(model.schema(), loc)
        except Exception:  # a type pydantic writes no JSON schema for: no format to share
            return False
        if not shared:
            return False
        where = "/" + "/".join(str(part) for part in loc)
        value: Any = document
        for part in loc:
            if isinstance(value, dict) or (isinstance(value, list) and isinstance(part, int)):
                value = value[part]  # type: ignore[index]
        place = "/".join("*" if isinstance(part, int) else str(part) for part in loc)
        self.notes.setdefault(  # once per place: /emails/0 and /emails/3 are one
            (side.name, place),
            f"{side.name} refuses at {where} a value the contract admits, e.g. {capped(value)}, "
            f"though both say format '{sorted(shared)[0]}': format strictness JSON Schema "
            f"cannot state ({cut(error.partition(': ')[2])}), noted, not failed",
        )
        return True

    def _static(
        self, side: ModelSide, model: Model, schema: Any, valid: Valid, file: str
    ) -> list[tuple[str, Failure]]:
        if side.file == "output":
            return self._examples(side, model, valid, file)
        found: list[tuple[str, Failure]] = []
        try:
            model_schema = model.schema()
        except Exception:  # a type pydantic writes no JSON schema for: generation alone
            return self._examples(side, model, valid, file)
        questions = [
            ("model", model_schema, schema, self._accepts_forbidden),
            ("contract", schema, model_schema, self._rejects_valid),
        ]
        for rule, smaller, larger, test in questions:
            verdict = admits_only(smaller, larger, a_name="the model", b_name="the contract")
            if verdict.outcome != "no":
                continue
            message = self._safely(side, test, model, verdict.counterexample, valid)
            if message is not None:
                found.append(
                    (rule, self._failure(side, file, message, verdict.counterexample, rule))
                )
        return found + self._examples(side, model, valid, file)

    def _examples(
        self, side: ModelSide, model: Model, valid: Valid, file: str
    ) -> list[tuple[str, Failure]]:
        """The contract's own ``examples``, contract-valid by ``contract-valid``, through
        the model: the rule "contract" for an input, "output" for an output."""
        document = self.contract.input if side.file == "input" else self.contract.output
        contents = document.contents
        listed = contents.get("examples") if isinstance(contents, dict) else None
        rule, test = (
            ("contract", self._rejects_valid)
            if side.file == "input"
            else ("output", self._reformats)
        )
        for example in listed if isinstance(listed, list) else []:
            if side.parameter is not None:
                if not isinstance(example, dict) or side.parameter not in example:
                    continue
                example = example[side.parameter]
            if not valid(example):
                continue  # contract-valid reports it; here only valid documents are asked
            message = self._safely(side, test, model, example, valid)
            if message is not None:
                return [(rule, self._failure(side, file, message, example, rule))]
        return []

    def _safely(self, side: ModelSide, test: Any, model: Model, document: Any, valid: Valid) -> Any:
        try:
            return test(side, model, document, valid)
        except Exception as error:  # the model itself failed: the check errs, no crash
            self.errors.append(f"{side.name}: {type(error).__name__}: {cut(str(error))}")
            return None

    def _dynamic(
        self, side: ModelSide, model: Model, schema: Any, valid: Valid, file: str
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
        if side.file == "output":
            with contextlib.suppress(Exception):  # a contract the generator cannot draw from
                runs.append(
                    ("output", schema_strategy(schema), body_for("output", self._reformats))
                )
            return runs
        try:
            from_model = schema_strategy(model.schema())
        except Exception:  # nothing to draw from the model's side
            from_model = None
        if from_model is not None:
            runs.append(("model", from_model, body_for("model", self._accepts_forbidden)))
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
            # an output model is read by alias and by name, as the check reads it (pydantic
            # >= 2.11); what crosses the seam is printed
            names = ", by_alias=True, by_name=True" if side.file == "output" else ""
            reproduce = (
                "import json\nfrom pydantic import TypeAdapter\n"
                "from pydantic_core import to_jsonable_python\n"
                f"from {module} import {annotation.__name__}\n"
                f"value = TypeAdapter({annotation.__name__}).validate_json(json.dumps("
                f"{python_literal(document)}){names})\n"
                "print(to_jsonable_python(value))  # what crosses the seam"
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
