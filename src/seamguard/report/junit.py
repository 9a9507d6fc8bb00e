"""The JUnit XML report: one testcase per seam version and check, for CI test views.

::

    <testsuites name="seamguard" tests="9" failures="1" errors="0" skipped="0">
      <testsuite name="seamguard" tests="9" failures="1" errors="0" skipped="0">
        <properties><property name="seed" value="7"/></properties>
        <testcase classname="books.create@1.0" name="logic-output-conforms">
          <failure type="logic-output-conforms" message="[3fa9c01b2e77] ...">...</failure>
        </testcase>
        <testcase classname="books.get@1.0" name="api-accepted-crossed">
          <skipped message="why"/>
        </testcase>

The classname is the seam version, so a CI test view groups the checks under each seam.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from seamguard.report._escape import example_json, visible
from seamguard.report._file import FileReporter, write_file

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.checks import CheckResult
    from seamguard.engine import Run
    from seamguard.errors import Failure

__all__ = ["JUnitReporter", "build_junit", "write_junit"]


def build_junit(run: Run, *, elapsed: float | None = None) -> ET.Element:
    """The report as a ``<testsuites>`` element; ``elapsed``: the run's seconds, if known."""
    counts = {
        "tests": str(len(run.results)),
        "failures": str(run.count("failed")),
        "errors": str(run.count("error")),
        "skipped": str(run.count("skipped")),
    }
    if elapsed is not None:
        counts["time"] = f"{elapsed:.3f}"
    suites = ET.Element("testsuites", {"name": "seamguard", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "seamguard", **counts})
    if run.seed is not None:
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", {"name": "seed", "value": str(run.seed)})
    for result in run.results:
        _testcase(suite, result)
    return suites


def _testcase(suite: ET.Element, result: CheckResult) -> None:
    case = ET.SubElement(
        suite, "testcase", {"classname": visible(result.label), "name": visible(result.check)}
    )
    if result.status == "failed":
        first = result.failures[0] if result.failures else None
        message = f"[{first.id}] {first.message}" if first else result.reason or "failed"
        if len(result.failures) > 1:
            message += f" (and {len(result.failures) - 1} more)"
        element = ET.SubElement(
            case, "failure", {"type": visible(result.check), "message": visible(message)}
        )
        element.text = visible("\n\n".join(_failure_text(f) for f in result.failures))
    elif result.status == "error":
        reason = result.reason or "the check could not run"
        element = ET.SubElement(case, "error", {"type": "error", "message": visible(reason)})
        element.text = visible(reason)
    elif result.status == "skipped":
        ET.SubElement(case, "skipped", {"message": visible(result.reason)})
    if result.approved:  # listed, not counted: the testcase passes
        out = ET.SubElement(case, "system-out")
        out.text = visible(
            "\n\n".join(
                f"approved break ({a.reason}):\n{_failure_text(a.failure)}" for a in result.approved
            )
        )


def _failure_text(failure: Failure) -> str:
    lines = [f"[{failure.id}] {failure.check} {failure.seam}@{failure.version}"]
    if failure.location():
        lines.append(f"at {failure.location()}")
    lines.append(failure.message)
    if failure.example is not None:
        lines.append(f"example: {example_json(failure.example, indent=2)}")
    if failure.seed is not None:
        lines.append(f"seed: {failure.seed}")
    if failure.reproduce:
        lines.append("reproduce:")
        lines += [f"    {line}" for line in failure.reproduce.splitlines()]
    return "\n".join(lines)


def write_junit(run: Run, path: Path, *, elapsed: float | None = None) -> None:
    """Write the JUnit XML file to ``path`` (parents created), UTF-8.

    Raises:
        SeamguardError: the file cannot be written (a parent is a file, no permission).
    """
    root = build_junit(run, elapsed=elapsed)
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    write_file(path, data, "the JUnit report")


class JUnitReporter(FileReporter):
    """Writes the JUnit XML file when the run finishes."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._started: float | None = None

    def start(self, title: str) -> None:
        """The run's clock starts (the suite's ``time``)."""
        self._started = time.monotonic()

    def write(self, run: Run) -> None:
        """Write the file, with the run's time."""
        elapsed = None if self._started is None else time.monotonic() - self._started
        write_junit(run, self.path, elapsed=elapsed)
