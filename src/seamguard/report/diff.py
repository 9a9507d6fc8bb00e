"""``seamguard diff`` output: text for a terminal, Markdown for a pull-request comment, JSON.

Everything a contract names (seams, files, pointers, values, messages that quote them) is
foreign text, written through :mod:`seamguard.report._escape`: one escaped line in the text
format, a code span in the Markdown (where GitHub makes no mention, reference, link or HTML
of it), escaped JSON strings in the JSON.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from seamguard.report._escape import (
    example_json,
    markdown_cell,
    markdown_code,
    terminal,
    terminal_json,
)

if TYPE_CHECKING:
    from seamguard.diff import Finding, TreeDiff
    from seamguard.schema._changes import Change

__all__ = ["render_diff"]

_MARK = {
    "breaking": "❌ breaking",
    "compatible": "✅ compatible",
    "undecided": "❔ undecided",
    "approved": "☑️ approved break",
}
_WORD_MARK = {
    "breaking": "breaking",
    "compatible": "ok",
    "undecided": "undecided",
    "approved": "approved",
}


def render_diff(diff: TreeDiff, fmt: str) -> str:
    """The comparison as ``text``, ``markdown`` or ``json``."""
    if fmt == "json":
        return example_json(diff.to_json(), indent=2)
    if fmt == "markdown":
        return _markdown(diff)
    return _text(diff)


def _summary(diff: TreeDiff) -> str:
    breaking = len(diff.breaking)
    approved = sum(1 for f in diff.findings if f.verdict == "approved")
    undecided = sum(1 for f in diff.findings if f.verdict == "undecided")
    if not diff.findings:
        return "No contract changes."
    head = (
        f"{breaking} breaking change{'s' if breaking != 1 else ''} without a new MAJOR version"
        if breaking
        else "No breaking change"
    )
    extra = [f"{len(diff.findings)} changes"]
    if approved:
        extra.append(f"{approved} approved break{'s' if approved != 1 else ''}")
    if undecided:
        extra.append(f"{undecided} undecided")
    return f"{head} ({', '.join(extra)})."


def _groups(diff: TreeDiff) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for finding in diff.findings:
        groups.setdefault(f"{finding.seam}@{finding.version}", []).append(finding)
    return groups


def _shown(changes: tuple[Change, ...]) -> list[Change]:
    """The changes worth a row: not the ``$id``/``$schema`` every new version rewrites."""
    return [
        c
        for c in changes
        if not (c.kind == "annotation-changed" and c.pointer.endswith(("/$id", "/$schema")))
    ]


def _example(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=repr)[:200]


def _value(value: object) -> str:
    return "—" if value is None else markdown_cell(_example(value)[:60])


# A kind or a verdict is seamguard's own word; anything else is shown as code.
_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def _kind(kind: str) -> str:
    return kind if _WORD.fullmatch(kind) else markdown_cell(kind)


def _markdown(diff: TreeDiff) -> str:
    lines = ["### seamguard: contract changes", "", f"**{_summary(diff)}**", ""]
    for label, findings in _groups(diff).items():
        lines += [
            f"#### {markdown_cell(label)}",
            "",
            "| file | pointer | kind | verdict | detail |",
            "| --- | --- | --- | --- | --- |",
        ]
        for f in findings:
            detail = markdown_cell(f.message)
            if f.counterexample is not None:
                detail += f" — e.g. {markdown_cell(_example(f.counterexample))}"
            lines.append(
                f"| {_kind(f.file)} | {markdown_cell(f.pointer or '/')} | {_kind(f.kind)} "
                f"| {_MARK[f.verdict]} | {detail} |"
            )
            for change in _shown(f.changes):
                verdict = _MARK[f.change_verdict(change)]
                detail = f"{_value(change.old)} → {_value(change.new)}"
                if change.counterexample is not None:
                    detail += f" — e.g. {markdown_cell(_example(change.counterexample))}"
                if change.note:
                    detail += f" ({markdown_cell(change.note)})"
                lines.append(
                    f"| {_kind(f.file)} | {markdown_cell(change.pointer or '/')} "
                    f"| {_kind(change.kind)} | {verdict} | {detail} |"
                )
        lines.append("")
    if diff.notes:
        lines += ["#### Notes", ""]
        lines += [f"- {markdown_code(note)}" for note in diff.notes]
        lines.append("")
    return "\n".join(lines)


def _text(diff: TreeDiff) -> str:
    lines = [_summary(diff)]
    for label, findings in _groups(diff).items():
        lines.append(terminal(label))
        for f in findings:
            where = terminal(f"{f.file}{f.pointer}" if f.pointer else f.file)
            lines.append(f"  {f.verdict.upper():<10} {terminal(f.kind):<28} {where}")
            lines.append(f"             {terminal(f.message)}")
            if f.counterexample is not None:
                lines.append(f"             e.g. {terminal_json(f.counterexample, limit=300)}")
            for change in _shown(f.changes):
                mark = _WORD_MARK[f.change_verdict(change)]
                pointer = terminal(change.pointer or "/")
                lines.append(f"             {mark:<9} {terminal(change.kind):<28} {pointer}")
    lines += [f"note: {terminal(note)}" for note in diff.notes]
    return "\n".join(lines)
