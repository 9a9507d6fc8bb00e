"""``seamguard diff`` output: text for a terminal, Markdown for a pull-request comment, JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seamguard.diff import Finding, TreeDiff
    from seamguard.schema._changes import Change

__all__ = ["render_diff"]

_MARK = {
    "breaking": "❌ breaking",
    "compatible": "✅ compatible",
    "undecided": "❔ undecided",
    "approved": "☑️ approved",
}


def render_diff(diff: TreeDiff, fmt: str) -> str:
    """The comparison as ``text``, ``markdown`` or ``json``."""
    if fmt == "json":
        return json.dumps(diff.to_json(), indent=2, ensure_ascii=False)
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
        extra.append(f"{approved} approved")
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
    return json.dumps(value, ensure_ascii=False)[:200]


def _value(value: object) -> str:
    return "—" if value is None else f"`{_example(value)[:60]}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(diff: TreeDiff) -> str:
    lines = ["### seamguard: contract changes", "", f"**{_summary(diff)}**", ""]
    for label, findings in _groups(diff).items():
        lines += [
            f"#### `{label}`",
            "",
            "| file | pointer | kind | verdict | detail |",
            "| --- | --- | --- | --- | --- |",
        ]
        for f in findings:
            detail = f.message
            if f.counterexample is not None:
                detail += f" — e.g. `{_example(f.counterexample)}`"
            lines.append(
                f"| {f.file} | `{f.pointer or '/'}` | {f.kind} | {_MARK[f.verdict]} | "
                f"{_cell(detail)} |"
            )
            for change in _shown(f.changes):
                verdict = {True: "❌ breaking", False: "✅ compatible", None: "❔ undecided"}[
                    change.breaking
                ]
                detail = f"{_value(change.old)} → {_value(change.new)}"
                if change.counterexample is not None:
                    detail += f" — e.g. `{_example(change.counterexample)}`"
                if change.note:
                    detail += f" ({change.note})"
                lines.append(
                    f"| {f.file} | `{change.pointer or '/'}` | {change.kind} | {verdict} | "
                    f"{_cell(detail)} |"
                )
        lines.append("")
    return "\n".join(lines)


def _text(diff: TreeDiff) -> str:
    lines = [_summary(diff)]
    for label, findings in _groups(diff).items():
        lines.append(label)
        for f in findings:
            where = f"{f.file}{f.pointer}" if f.pointer else f.file
            lines.append(f"  {f.verdict.upper():<10} {f.kind:<28} {where}")
            lines.append(f"             {f.message}")
            if f.counterexample is not None:
                example = json.dumps(f.counterexample, ensure_ascii=False)
                lines.append(f"             e.g. {example[:300]}")
            for change in _shown(f.changes):
                mark = {True: "breaking", False: "ok", None: "undecided"}[change.breaking]
                lines.append(f"             {mark:<9} {change.kind:<28} {change.pointer or '/'}")
    return "\n".join(lines)
