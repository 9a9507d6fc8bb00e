"""``classify``: the changes between two versions of a schema, each with its verdict.

Each change is applied alone to the old schema and the result compared with the old one by
``admits_only``, so its verdict is that of the change in its context (under ``not`` or inside
``oneOf`` too); the catalogue's rule answers only where that proof is undecided.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator
from referencing import Registry

from seamguard.schema._changes._diff import diff, resolve
from seamguard.schema._changes._model import MISSING, Change
from seamguard.schema._changes._rules import catalogue_verdict, tolerated
from seamguard.schema._within import Verdict, admits_only

if TYPE_CHECKING:
    from seamguard.schema._changes._model import Direction, Edit, Policy, RawChange

__all__ = ["classify"]

_NEVER_BREAKING = frozenset({"annotation-changed", "default-changed"})
_TOLERATED = "allowed by the tolerant policy"
_NAMES = {"old": "the old version", "new": "the new version"}
PROBE_BUDGET = 200_000
"""Schema objects that the proofs of single changes may read, all changes of one ``classify``
together: each proof reads both versions whole, so 20,000 changes to a 20,000-property schema
read 800 million. Past it, each change takes the catalogue's rule for its kind."""


def classify(
    old: Any,
    new: Any,
    *,
    direction: Direction,
    policy: Policy = "strict",
    whole: Verdict | None = None,
) -> list[Change]:
    """Every change between two versions of a schema, each with its verdict for ``direction``.

    Args:
        old: The earlier version: a Draft 2020-12 schema (dict or bool) whose remaining
            ``$ref`` values are local (``#/...``).
        new: The later version, the same way.
        direction: ``"backward"`` for an input (every old document must stay valid) or
            ``"forward"`` for an output (every new document must have been valid).
        policy: ``"strict"`` follows set inclusion; ``"tolerant"`` also allows an optional
            property added to an open input model or a closed output model.
        whole: ``admits_only``'s verdict on the two versions in ``direction`` (old in new
            for ``"backward"``, new in old for ``"forward"``) when the caller already has
            it; computed here otherwise.

    Returns:
        The changes, ordered by pointer; annotations never break.

    Raises:
        TypeError: A schema is neither a dict nor a bool.
        ValueError: ``direction`` or ``policy`` is not one of its values.

    Example:
        >>> [c.kind for c in classify({"maxLength": 50}, {"maxLength": 20}, direction="forward")]
        ['max-length-decreased']
    """
    for name, schema in (("old", old), ("new", new)):
        if not isinstance(schema, (bool, Mapping)):
            raise TypeError(
                f"classify() expects {name} to be a JSON Schema (a dict or a bool), "
                f"got {type(schema).__name__}"
            )
    if direction not in ("backward", "forward"):
        raise ValueError(f"direction must be 'backward' or 'forward', got {direction!r}")
    if policy not in ("strict", "tolerant"):
        raise ValueError(f"policy must be 'strict' or 'tolerant', got {policy!r}")
    raws: dict[tuple[str, str, str, str], RawChange] = {}
    for raw in diff(old, new):
        raws.setdefault((raw.pointer, raw.kind, _text(raw.old), _text(raw.new)), raw)
    judge = _Judge(old, new, direction, policy, whole)
    changes = [judge.change(raws[key]) for key in sorted(raws)]
    return judge.settle(changes)


def _text(value: Any) -> str:
    return "" if value is MISSING else json.dumps(value, sort_keys=True)


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


class _Judge:
    """The verdicts of one ``classify`` call: the whole schemas' answer, then each change's."""

    def __init__(
        self, old: Any, new: Any, direction: Direction, policy: Policy, whole: Verdict | None
    ) -> None:
        self.old, self.new, self.direction, self.policy = old, new, direction, policy
        self.whole = whole if whole is not None else self._admits(old, new)
        self.probe_cost = _size(old) + _size(new)
        self.probed = 0

    def _admits(self, old: Any, new: Any) -> Verdict:
        if self.direction == "backward":
            return admits_only(old, new, a_name=_NAMES["old"], b_name=_NAMES["new"])
        return admits_only(new, old, a_name=_NAMES["new"], b_name=_NAMES["old"])

    def _shows(self, value: Any) -> bool:
        """Whether ``value`` is valid under the schema to be contained, invalid under the other."""
        inner, outer = (
            (self.old, self.new) if self.direction == "backward" else (self.new, self.old)
        )
        return _valid(inner, value) is True and _valid(outer, value) is False

    def change(self, raw: RawChange) -> Change:
        """``raw`` with its verdict."""

        def made(breaking: bool | None, example: Any = None, note: str = "") -> Change:
            return Change(
                raw.pointer, raw.kind, _plain(raw.old), _plain(raw.new), breaking, example, note
            )

        if raw.kind in _NEVER_BREAKING:
            return made(False, note="an annotation: validation is unchanged")
        if self.policy == "tolerant" and (note := tolerated(raw, self.direction)):
            return made(False, note=note)
        if self.whole.outcome == "yes":
            return made(False)
        if self.probed and (self.probed + 1) * self.probe_cost > PROBE_BUDGET:
            verdict = catalogue_verdict(raw, self.direction)
            note = (
                f"the catalogue's rule for this kind (not proved alone: proofs of single changes "
                f"stop after {PROBE_BUDGET:,} schema objects read)"
            )
            return made(verdict, note=note)
        self.probed += 1
        probe = _probe(self.old, self.new, raw.edits)
        if probe == self.new:
            # The only change, or one that carries all the others: its verdict is the whole's.
            alone = self.whole
        elif _cyclic(probe):
            # admits_only is exponential on some recursive $defs that are not the real versions
            # (a definition that is both a conjunct and a branch of itself): a probe is only
            # a refinement, so it is skipped and the catalogue answers.
            alone = Verdict("undecided", reason="the schema with this change alone is recursive")
        else:
            alone = self._admits(self.old, probe)
        if alone.outcome == "yes":
            return made(False)
        if alone.outcome == "no":
            if self._shows(alone.counterexample):
                return made(True, alone.counterexample)
            if self.whole.outcome == "no":
                note = "the counterexample shows the versions as a whole"
                return made(True, self.whole.counterexample, note)
            # Alone it breaks, but its witness passes the real new version: other changes may
            # make up for it, and the versions as a whole are undecided.
            return made(None, note=f"breaks alone ({alone.reason}); the other changes may undo it")
        verdict = catalogue_verdict(raw, self.direction)
        reason = alone.reason or "the proof was undecided"
        return made(verdict, note=f"the catalogue's rule for this kind ({reason})")

    def settle(self, changes: list[Change]) -> list[Change]:
        """Never call a change set compatible when the schemas as a whole are not."""
        if self.whole.outcome == "yes" or any(c.breaking is not False for c in changes):
            return changes
        asserting = [c for c in changes if not _settled(c)]
        if self.policy == "tolerant" and len(asserting) < len(
            [c for c in changes if c.kind not in _NEVER_BREAKING]
        ):
            return changes
        if self.whole.outcome == "no" and not asserting:
            note = "the versions differ in a way no single change found explains"
            extra = Change(
                "", "keyword-changed", self.old, self.new, True, self.whole.counterexample, note
            )
            return [extra, *changes]
        if self.whole.outcome == "no":
            note, breaking, example = (
                "breaking together with the other changes, not alone",
                True,
                self.whole.counterexample,
            )
        elif len(asserting) > 1:
            note, breaking, example = (
                "each change alone is compatible; together undecided",
                None,
                None,
            )
        else:
            return changes
        return [
            c
            if c.kind in _NEVER_BREAKING
            else Change(c.pointer, c.kind, c.old, c.new, breaking, example, note)
            for c in changes
        ]


def _size(schema: Any) -> int:
    """The JSON objects and arrays in ``schema``: what one proof reads of it, roughly."""
    count, stack = 0, [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            count += 1
            stack.extend(node.values())
        elif isinstance(node, list):
            count += 1
            stack.extend(node)
    return count


def _settled(change: Change) -> bool:
    """Whether no other change can make ``change`` breaking: an annotation, or policy-allowed."""
    return change.kind in _NEVER_BREAKING or change.note.startswith(_TOLERATED)


def _valid(schema: Any, value: Any) -> bool | None:
    """jsonschema's answer, formats asserted; None when it cannot give one."""
    checker = Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER, registry=Registry()
    )
    try:
        return bool(checker.is_valid(value))
    except RecursionError:
        return None
    except Exception:  # a pattern Python's re rejects, a $ref jsonschema cannot resolve
        return None


def _cyclic(doc: Any) -> bool:
    """Whether a ``$ref`` in ``doc`` leads, through others, back to itself."""
    edges: dict[str, set[str]] = {}

    def refs(node: Any, into: set[str]) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                into.add(ref)
            for value in node.values():
                refs(value, into)
        elif isinstance(node, list):
            for value in node:
                refs(value, into)

    pending: set[str] = set()
    refs(doc, pending)
    while pending:
        ref = pending.pop()
        target = resolve(doc, ref)
        edges[ref] = set()
        if target is not None:
            refs(target[0], edges[ref])
        pending |= edges[ref] - set(edges)
    state: dict[str, int] = {}

    def back_edge(ref: str) -> bool:
        state[ref] = 1
        for nxt in edges.get(ref, ()):
            if state.get(nxt) == 1 or (nxt not in state and back_edge(nxt)):
                return True
        state[ref] = 2
        return False

    return any(ref not in state and back_edge(ref) for ref in edges)


def _probe(old: Any, new: Any, edits: tuple[Edit, ...]) -> Any:
    """The old document with ``edits`` applied, and the new one's ``$defs`` it lacks."""
    doc: Any = copy.deepcopy(old)
    for edit in edits:
        if not edit.path:
            doc = copy.deepcopy(edit.value)
            continue
        if not isinstance(doc, dict):
            doc = {} if doc is True else {"not": {}}
        node: Any = doc
        for part in edit.path[:-1]:
            if isinstance(node, list):
                node = node[int(part)]
            else:
                node = node.setdefault(part, {})
                if node is True:
                    node = {}
        last = edit.path[-1]
        if isinstance(node, list):
            node[int(last)] = copy.deepcopy(edit.value)
        elif edit.value is MISSING:
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(edit.value)
    if isinstance(doc, dict) and isinstance(new, dict):
        for key in ("$defs", "definitions"):
            if isinstance(new.get(key), dict):
                defs = doc.setdefault(key, {})
                if isinstance(defs, dict):
                    for name, schema in new[key].items():
                        defs.setdefault(name, copy.deepcopy(schema))
    return doc
