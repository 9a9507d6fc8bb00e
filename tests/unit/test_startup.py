"""Start-up stays light: ``import seamguard``, the pytest plugin in a project with no seams
and ``seamguard --help`` load none of the engine, jsonschema, Schemathesis or Hypothesis, and
jsonschema's ``iri`` grammar (``rfc3987_syntax``, 1.7 s) is built on the first ``iri`` value
validated, with the same verdicts as jsonschema's own checks.

Each case runs in a fresh interpreter: what it imported is read from ``-X importtime``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import seamguard

HEAVY = ("jsonschema", "schemathesis", "hypothesis", "rfc3987_syntax", "seamguard.engine")


def imported(*args: str, cwd: Path | None = None) -> set[str]:
    """The modules a fresh ``python -X importtime *args`` imported (it must exit 0)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rpartition("|")[2].strip() for line in lines}


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m in HEAVY or m.partition(".")[0] in HEAVY[:4]}


def test_import_seamguard_loads_no_submodule() -> None:
    modules = imported("-c", "import seamguard")
    assert {m for m in modules if m.startswith("seamguard")} == {"seamguard"}
    assert heavy(modules) == set()


def test_a_public_name_is_its_home_modules_object() -> None:
    import seamguard.engine
    import seamguard.errors

    assert seamguard.run_check is seamguard.engine.run_check
    assert seamguard.SeamguardError is seamguard.errors.SeamguardError
    assert set(seamguard.__all__) <= set(dir(seamguard))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'seamguard' has no attribute 'run_chek'"):
        seamguard.run_chek  # noqa: B018


def test_the_pytest_plugin_in_a_project_without_seams_loads_nothing_heavy(
    tmp_path: Path,
) -> None:
    # Given a project with one trivial test and no seamguard configuration; its conftest
    # writes down every module loaded when the session ends (pytest loads plugins through
    # importlib, which -X importtime does not show)
    (tmp_path / "test_trivial.py").write_text("def test_trivial():\n    assert True\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "conftest.py").write_text(
        "import json, sys\n\n\ndef pytest_sessionfinish(session):\n"
        "    with open('modules.json', 'w') as file:\n"
        "        json.dump(sorted(sys.modules), file)\n"
    )

    # When pytest runs it with the plugin (its entry point) active, and without it
    def loaded(*args: str) -> set[str]:
        imported("-m", "pytest", "-q", "-p", "no:cacheprovider", *args, cwd=tmp_path)
        return set(json.loads((tmp_path / "modules.json").read_text()))

    added = loaded() - loaded("-p", "no:seamguard")

    # Then the plugin added itself, no import hook, and nothing heavy (Schemathesis and
    # Hypothesis have pytest plugins of their own, loaded either way)
    assert {m for m in added if m.startswith("seamguard")} == {
        "seamguard",
        "seamguard.pytest_plugin",
    }
    assert heavy(added) == set()


def test_seamguard_help_loads_nothing_heavy() -> None:
    modules = imported("-m", "seamguard", "--help")
    assert "seamguard.cli.check" in modules
    assert heavy(modules) == set()


#: Values whose verdicts under ``iri`` and ``iri-reference`` are compared.
IRI_VALUES = ["http://example.com/ö", "http://exa mple.com/", "::: \\", "#frag", "a:b", 7, ""]

VERDICTS = """
import json, sys
{setup}
from jsonschema import Draft7Validator, Draft201909Validator, Draft202012Validator, FormatChecker
grammar_before = "rfc3987_syntax" in sys.modules
verdicts = {{}}
for cls in (Draft7Validator, Draft201909Validator, Draft202012Validator):
    for fmt in ("iri", "iri-reference"):
        checker = cls.FORMAT_CHECKER
        verdicts[f"{{cls.__name__}} {{fmt}}"] = [checker.conforms(v, fmt) for v in {values}]
verdicts["FormatChecker()"] = [FormatChecker().conforms(v, "iri") for v in {values}]
print(json.dumps([grammar_before, "rfc3987_syntax" in sys.modules, verdicts]))
"""


def verdicts(setup: str) -> list[object]:
    script = VERDICTS.format(setup=setup, values=IRI_VALUES)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result: list[object] = json.loads(done.stdout)
    return result


def test_the_iri_grammar_is_built_on_first_use_with_jsonschemas_verdicts() -> None:
    # Given jsonschema imported by seamguard's contracts, and jsonschema imported alone
    deferred = verdicts("import seamguard.cli, seamguard.contracts")
    plain = verdicts("")

    # Then seamguard's import left the grammar unbuilt, jsonschema's own built it at once
    assert deferred[0] is False
    assert plain[0] is True
    # And the first iri validated built it, with the very verdicts jsonschema gives
    assert deferred[1] is True
    assert deferred[2] == plain[2]
    assert False in plain[2]["Draft202012Validator iri"]  # type: ignore[index]


def test_outside_the_command_line_jsonschema_is_imported_as_it_is() -> None:
    # A library user's or a pytest session's jsonschema: seamguard installs no import hook
    untouched = verdicts("import seamguard.contracts")

    assert untouched[0] is True  # jsonschema built its grammar at import, as it always does
    assert untouched[2] == verdicts("")[2]
