"""seamguard fuzzed by itself: ``lint``, ``check`` and ``diff`` on generated project folders
(valid and corrupted contracts trees and configurations) exit 0 or 1, or 2 with one
``seamguard: error:`` line; never a traceback, never a hang, never an output line that
GitHub's runner would read as a workflow command (property names, values and the logic's
messages are drawn from a hostile alphabet: newlines, ``::``, ``##[``, backticks, ``|``,
``<``, ``@``, lone surrogates, NUL, ESC).

The property and its strategies are ``benchmarks/fuzz_seamguard.py``'s (1,000 examples
there, a small budget here, derandomized so CI sees the same cases). The explicit examples
are the crashes that script found, each fixed where the bad input is first read.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from benchmarks.fuzz_projects import DRAFT7, HOSTILE_STRINGS, LOGIC_FILES, Case, cases
from benchmarks.fuzz_seamguard import run_case
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

OUTPUT = b'{"type": "object"}'
INPUT = b'{"type": "object", "properties": {"name": {"type": "string"}}}'
SEAM = b'[[seams]]\ncontract = "a"\nlogic = "sgfuzz_logic:whole"\n'


def case(command: str, files: dict[str, bytes], *args: str) -> Case:
    """A case by hand: ``files`` by project-relative path, then the command line (``check``
    seeded, so the run is the same every time)."""
    if command == "check" and "--seed" not in args:
        args = (*args, "--seed", "0")
    return Case(command, tuple(sorted(files.items())), args)


def seam(
    version: str = "1.0",
    *,
    folder: str = "contracts",
    input: bytes = INPUT,
    output: bytes = OUTPUT,
) -> dict[str, bytes]:
    """Seam ``a`` at ``version`` under ``folder``: its input and output schema files."""
    return {
        f"{folder}/a/{version}/input.schema.json": input,
        f"{folder}/a/{version}/output.schema.json": output,
    }


def pair(*, output: bytes = OUTPUT) -> dict[str, bytes]:
    """An old tree and a new one for ``diff contracts_old contracts``."""
    return {**seam(folder="contracts_old"), **seam(output=output)}


DIFF = ("contracts_old", "contracts")
HOSTILE_INPUT = json.dumps(
    {
        "type": "object",
        "properties": {
            name: {"type": "string", "maxLength": -1, "enum": HOSTILE_STRINGS}
            for name in HOSTILE_STRINGS
        },
    }
).encode()


@settings(
    max_examples=80,
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    # seamguard check runs Hypothesis inside this test: nested @given on purpose.
    suppress_health_check=list(HealthCheck),
)
@given(cases())
# A schema nested deeper than the JSON reader's stack: RecursionError.
@example(case("lint", seam(input=b'{"not": ' * 5000 + b"{}" + b"}" * 5000)))
# Nested deeper than jsonschema-rs reads: ValueError "Recursion limit reached".
@example(case("lint", seam(input=b'{"allOf": [' * 200 + b"{}" + b"]}" * 200)))
# A lone surrogate jsonschema-rs cannot encode: ValueError.
@example(case("diff", pair(output=b'{"examples": [{"a": "\\ud800"}]}'), *DIFF))
# A name that is not UTF-8 in a message printed on stdout: UnicodeEncodeError.
@example(case("lint", {**seam(), "contracts/a/1.0/\udcff.json": b"{}"}))
# An $id that is not a URI reference: jsonschema-rs's ValueError.
@example(case("lint", seam(output=b'{"properties": {"x": {"$id": "\\u0000"}}}')))
# A $ref holding a NUL: Path.resolve's ValueError.
@example(case("lint", seam(output=b'{"items": {"$ref": "\\u0000"}}')))
# A $ref out of the tree in a published version: jsonschema-rs's ReferencingError in diff.
@example(
    case("diff", {**pair(), **seam(folder="contracts_old", input=b'{"$ref": "../../../x"}')}, *DIFF)
)
# A $ref into a shared file that breaks its metaschema: the validators could not be built.
@example(
    case(
        "lint",
        {
            **seam("1.0", input=b'{"$ref": "../../_shared/d.json#/$defs/N"}'),
            **seam("1.1", input=b'{"$ref": "../../_shared/d.json#/$defs/N"}'),
            "contracts/_shared/d.json": b'{"$defs": {"N": {"type": 5}}}',
        },
    )
)
# A "$ref" key in an enum value (data) that resolves nowhere: jsonschema-rs's dereference
# read it as a reference and raised ReferencingError.
@example(
    case(
        "lint",
        {
            **seam("1.0"),
            **seam("1.1", output=b'{"enum": [{"a": {"$ref": "../../_shared/missing.json"}}]}'),
        },
    )
)
# The same inside an unknown keyword: ValueError "Pointer ... does not exist".
@example(
    case(
        "lint",
        {**seam("1.0"), **seam("1.1", output=b'{"x-doc": {"$ref": "#/$defs/Name#x"}}')},
    )
)
# TOML that tomllib reads with ValueError or RecursionError.
@example(case("lint", {**seam(), "seamguard.toml": b"max-examples = 1" + b"0" * 5000}))
@example(case("check", {**seam(), "pyproject.toml": b"x = " + b"[" * 5000 + b"]" * 5000}))
# An ignore file that is not UTF-8, or whose 'approve' is not an array.
@example(case("diff", {**pair(), "seamguard-ignore.toml": b"\xff\xfe"}, *DIFF))
@example(case("diff", {**pair(), "seamguard-ignore.toml": b"approve = 5\n"}, *DIFF))
# Report files whose folder is a file: FileExistsError.
@example(case("diff", {**pair(), "seamguard.toml": b""}, *DIFF, "--output", "seamguard.toml/d"))
@example(case("lint", {**seam(), "seamguard.toml": b""}, "--report-json", "seamguard.toml/r"))
# A seam name with a newline: a usage error two lines long.
@example(
    case(
        "check",
        {**seam(), **LOGIC_FILES, "seamguard.toml": SEAM.replace(b'"a"', b'"new\\nline"')},
        "--max-examples",
        "2",
    )
)
# An output-model pydantic cannot read: PydanticSchemaGenerationError (the suite's own find).
@example(
    case(
        "check",
        {
            **seam(),
            **LOGIC_FILES,
            "seamguard.toml": SEAM + b'output-model = "sgfuzz_logic:DomainError"\n',
        },
        "--max-examples",
        "2",
    )
)
# A Draft 7 output whose $defs hold a 0, or a 2020-only keyword Draft 7 ignores: read as
# Draft 2020-12, jsonschema-rs refused it in model-matches-contract (the suite's own find).
@example(
    case(
        "check",
        {
            **seam(output=b'{"$schema": "%s", "$defs": {"x": 0}}' % DRAFT7.encode()),
            **LOGIC_FILES,
            "seamguard.toml": SEAM + b'output-model = "sgfuzz_logic:Model"\n',
        },
        "--max-examples",
        "2",
    )
)
@example(
    case(
        "check",
        {
            **seam(output=b'{"$schema": "%s", "prefixItems": 5}' % DRAFT7.encode()),
            **LOGIC_FILES,
            "seamguard.toml": SEAM + b'output-model = "sgfuzz_logic:Model"\n',
        },
        "--max-examples",
        "2",
    )
)
# A "$ref" key in an enum value, which Schemathesis reads as a reference: its reason for not
# generating ran over several lines. A contracts path holding a newline: the same.
@example(
    case(
        "check",
        {
            **seam(input=b'{"type": "object", "enum": [{"$ref": "C)"}]}'),
            **LOGIC_FILES,
            "seamguard.toml": SEAM,
        },
        "--max-examples",
        "2",
    )
)
@example(case("lint", {**seam(), "seamguard.toml": b'contracts = "con\\ntracts"\n'}))
# A logic that calls sys.exit(): SystemExit ended seamguard check with exit code 3.
@example(
    case(
        "check",
        {
            **seam(),
            **LOGIC_FILES,
            "seamguard.toml": SEAM.replace(b"sgfuzz_logic:whole", b"sgfuzz_logic:raises_exit"),
        },
        "--max-examples",
        "2",
    )
)
# A logic returning a lone surrogate its output schema forbids: printing the failure raised
# UnicodeEncodeError.
@example(
    case(
        "check",
        {
            **seam(output=b'{"type": "array"}'),
            **LOGIC_FILES,
            "seamguard.toml": SEAM.replace(b"whole", b"returns_surrogate"),
        },
        "--max-examples",
        "2",
    )
)
# Property names, values and exception messages that forge workflow commands (issue 13):
# lint printed the pointer's line breaks raw, diff the same, and the JSON kept '##['.
@example(case("lint", seam(input=HOSTILE_INPUT)))
@example(case("diff", {**pair(), **seam(input=HOSTILE_INPUT)}, *DIFF, "--format", "markdown"))
@example(case("diff", {**pair(), **seam(input=HOSTILE_INPUT)}, *DIFF, "--format", "json"))
@example(
    case(
        "check",
        {**seam(), **LOGIC_FILES, "seamguard.toml": SEAM.replace(b"whole", b"raises_hostile")},
        "--max-examples",
        "2",
    )
)
@example(
    case(
        "check",
        {
            **seam(output=b'{"type": "array"}'),
            **LOGIC_FILES,
            "seamguard.toml": SEAM.replace(b"whole", b"returns_hostile"),
        },
        "--max-examples",
        "2",
    )
)
# A schema Schemathesis cannot draw from, in the compatibility search: UnsupportedSchema.
@example(
    case(
        "lint",
        {
            **seam("1.0", output=b'{"not": {"properties": {"a": {"not": {"const": {"b": 1}}}}}}'),
            **seam("1.1", output=b'{"not": {"required": ["a"]}}'),
            "seamguard.toml": b'compatibility = "full-transitive"\n',
        },
    )
)
def test_lint_check_and_diff_never_crash(case: Case) -> None:
    with tempfile.TemporaryDirectory(prefix="sgfuzz-") as folder:
        outcome = run_case(case, Path(folder), time_limit_s=60)

    assert outcome.kind != "crash", f"{outcome.signature}\n{case.describe()}\n{outcome.detail}"


# -- whatever text a logic produces (issue 17) ------------------------------------------------

# Lone surrogates, NUL and the other C0 controls, XML's and Markdown's own syntax, line and
# paragraph separators, and ordinary text: what a logic's exception message may hold.
_LOGIC_TEXT = st.lists(
    st.one_of(
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
        st.characters(max_codepoint=0x1F),
        st.sampled_from(["]]>", "<!--", "&", "|", "`", "\u2028", "\u2029", "\ufffe", "é"]),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
).map("".join)


@st.composite
def _text_logic(draw: st.DrawFn) -> bytes:
    """A logic module whose ``whole`` raises ``ValueError`` with drawn text (up to 1 MB of
    it), or returns drawn bytes (UTF-8 or not), which the output schema forbids."""
    if draw(st.booleans()):
        size = draw(st.sampled_from([0, 1_000, 1_000_000]))
        body = f"    raise ValueError({draw(_LOGIC_TEXT)!r} + 'x' * {size})\n"
    else:
        body = f"    return {draw(st.binary(max_size=20))!r}\n"
    return f"def whole(document: dict) -> dict:\n{body}".encode()


@settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(_text_logic())
def test_any_text_a_logic_produces_is_a_failed_check_in_every_report(module: bytes) -> None:
    files = {
        **seam(),
        "sgfuzz_text.py": module,
        "seamguard.toml": SEAM.replace(b"sgfuzz_logic:whole", b"sgfuzz_text:whole"),
    }
    reports = ("--report-json", "r.json", "--junit", "j.xml", "--markdown", "m.md")
    with tempfile.TemporaryDirectory(prefix="sgfuzz-") as name:
        folder = Path(name)
        outcome = run_case(case("check", files, "--max-examples", "2", *reports), folder)
        assert outcome.kind == "failed", f"{outcome.signature}\n{module[:300]!r}\n{outcome.detail}"
        for written in ("r.json", ".seamguard/last-report.json"):
            report = json.loads((folder / written).read_text(encoding="utf-8"))
            # Judged, every check: text and bytes are a failure to show, never an error.
            assert "error" not in [r["status"] for r in report["results"]], report["results"]
        ElementTree.parse(folder / "j.xml")
        (folder / "m.md").read_text(encoding="utf-8")
