"""Configuration: finding the file, every key checked where it enters, near-miss names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seamguard import Binding, ConfigError, Route, load_config
from seamguard.config import DEFAULT_MAX_EXAMPLES, find_config_file
from tests.unit.helpers import write_config

SEAM = """
[[seams]]
contract = "things.create"
logic = "things.logic:create_thing"
"""


def test_pyproject_table_is_read_with_every_key(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        """
[project]
name = "things"

[tool.seamguard]
contracts = "schemas"
app = "things.api:create_app()"
openapi = "openapi.yaml"
max-examples = 25

[[tool.seamguard.seams]]
contract = "things.create"
version = "1.10"
logic = "things.logic:Things.create"
routes = ["post /things", "PUT /things/{id}"]
raises = ["things.logic:ThingError"]
instance = "things.logic:Things"
""",
        name="pyproject.toml",
    )

    config = load_config(tmp_path / "pyproject.toml")

    assert config.source == (tmp_path / "pyproject.toml").resolve()
    assert config.contracts == (tmp_path / "schemas").resolve()
    assert config.app == "things.api:create_app()"
    assert config.openapi == "openapi.yaml"
    assert config.max_examples == 25
    assert config.seams == (
        Binding(
            contract="things.create",
            logic="things.logic:Things.create",
            version="1.10",
            routes=(Route("POST", "/things"), Route("PUT", "/things/{id}")),
            raises=("things.logic:ThingError",),
            instance="things.logic:Things",
        ),
    )
    assert config.binding("things.create").version == "1.10"


def test_defaults_when_no_file_is_found(tmp_path: Path) -> None:
    config = load_config(start=tmp_path)

    assert config.source is None
    assert config.contracts == tmp_path.resolve() / "contracts"
    assert config.max_examples == DEFAULT_MAX_EXAMPLES
    assert config.seams == ()


def test_the_nearest_file_upwards_is_found_and_seamguard_toml_wins(tmp_path: Path) -> None:
    write_config(tmp_path, "[tool.seamguard]\nmax-examples = 7\n", name="pyproject.toml")
    nested = tmp_path / "src" / "pkg"
    nested.mkdir(parents=True)

    assert load_config(start=nested).max_examples == 7

    write_config(tmp_path, "max-examples = 9\n")
    assert load_config(start=nested).max_examples == 9


def test_a_pyproject_without_our_table_is_passed_over_in_the_search(tmp_path: Path) -> None:
    write_config(tmp_path, "max-examples = 3\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    write_config(inner, "[project]\nname = 'x'\n", name="pyproject.toml")

    assert load_config(start=inner).max_examples == 3


def test_a_named_pyproject_without_our_table_is_an_error(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[project]\nname = 'x'\n", name="pyproject.toml")

    with pytest.raises(ConfigError, match=r"has no \[tool.seamguard\] table"):
        load_config(path)


def test_a_named_file_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "seamguard.toml")


def test_invalid_toml_names_the_file_and_line(tmp_path: Path) -> None:
    path = write_config(tmp_path, "max-examples = 3\ncontracts = \n")

    with pytest.raises(ConfigError, match=r"seamguard.toml: is not valid TOML.*line 2"):
        load_config(path)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("max-examples = 1" + "0" * 5000 + "\n", "a number has too many digits"),
        ("seams = " + "[" * 5000 + "]" * 5000 + "\n", "arrays or tables are nested too deeply"),
    ],
)
def test_toml_that_python_cannot_read_is_a_config_error(
    tmp_path: Path, body: str, words: str
) -> None:
    # tomllib raises ValueError (int() past 4,300 digits) and RecursionError for these, not
    # TOMLDecodeError; they used to escape as tracebacks (self-fuzz).
    path = write_config(tmp_path, body)

    with pytest.raises(ConfigError, match=rf"seamguard.toml: cannot be read as TOML: {words}"):
        load_config(path)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        # The slip: a trailing comma, the kind of typo the table holds.
        (
            "[tool.seamguard]\nmax-examples = 100,\n",
            r"is not valid TOML: .*\(at line 2, column 19\)",
        ),
        # A broken pyproject.toml may hold the table: it is not passed over either.
        ("[project\nname = 'x'\n", r"is not valid TOML: .*\(at line 1, column 9\)"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "cannot be read as TOML: arrays or tables"),
        ("\udcff", "is not UTF-8 text"),
    ],
)
def test_a_pyproject_that_does_not_parse_on_the_way_up_is_an_error(
    tmp_path: Path, body: str, words: str
) -> None:
    # It used to be passed over: `lint` said "8 passed" and `check` "no seams are bound",
    # with the user's [tool.seamguard] table unread (issue 15, point 1).
    write_config(tmp_path, "max-examples = 3\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    pyproject = inner / "pyproject.toml"
    pyproject.write_bytes(body.encode("utf-8", "surrogateescape"))

    with pytest.raises(ConfigError, match=rf"^{re.escape(str(pyproject.resolve()))}: {words}"):
        load_config(start=inner)
    with pytest.raises(ConfigError, match=words):
        find_config_file(inner)


def test_a_pyproject_that_parses_without_our_table_is_still_passed_over(
    tmp_path: Path,
) -> None:
    write_config(tmp_path, "[tool.seamguard]\nmax-examples = 4\n", name="pyproject.toml")
    inner = tmp_path / "inner"
    inner.mkdir()
    write_config(inner, "[tool.black]\nline-length = 99\n", name="pyproject.toml")

    assert find_config_file(inner) == tmp_path / "pyproject.toml"
    assert load_config(start=inner).max_examples == 4


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("max_examples = 5\n", "unknown key 'max_examples'; did you mean 'max-examples'?"),
        ("contract = 'x'\n", "unknown key 'contract'; did you mean 'contracts'?"),
        ("apps = 'a:b'\n", "unknown key 'apps'; did you mean 'app'?"),
        ("zzz = 1\n", "unknown key 'zzz' (known keys: contracts, app, openapi"),
    ],
)
def test_unknown_top_level_key_names_the_near_miss(tmp_path: Path, body: str, words: str) -> None:
    path = write_config(tmp_path, body)

    with pytest.raises(ConfigError) as caught:
        load_config(path)

    assert words in str(caught.value)
    assert str(caught.value).startswith("seamguard.toml")


def test_unknown_seam_key_names_the_entry_and_the_near_miss(tmp_path: Path) -> None:
    path = write_config(tmp_path, SEAM + 'rotues = ["POST /things"]\n')

    with pytest.raises(ConfigError) as caught:
        load_config(path)

    message = str(caught.value)
    assert "[[seams]] entry 1 ('things.create')" in message
    assert "unknown key 'rotues'; did you mean 'routes'?" in message


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    path = write_config(
        tmp_path, "[tool.seamguard]\nopenap = '/openapi.json'\n", name="pyproject.toml"
    )

    with pytest.raises(ConfigError, match=r"\[tool.seamguard\]: unknown key 'openap'"):
        load_config(path)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("max-examples = 0\n", "'max-examples': expected a whole number of at least 1"),
        ("max-examples = '10'\n", "'max-examples': expected a whole number"),
        ("max-examples = true\n", "'max-examples': expected a whole number"),
        ("contracts = 3\n", "'contracts': expected a string"),
        ("app = 'things.api'\n", "is not 'module:attribute'"),
        ("seams = 'x'\n", "'seams': expected an array of tables"),
        (SEAM + "version = 1.1\n", 'write it as a string, version = "1.1"'),
        (SEAM + "version = 'v1'\n", 'expected "MAJOR.MINOR"'),
        (SEAM + "routes = 'POST /things'\n", "expected a list of strings, write ['POST /things']"),
        (SEAM + "routes = ['/things']\n", "is not 'METHOD /path'"),
        (SEAM + "routes = ['FETCH /things']\n", "is not 'METHOD /path'"),
        (SEAM + "raises = ['ThingError']\n", "'raises': 'ThingError' is not 'module:qualname'"),
        (SEAM + "instance = 7\n", "'instance': expected a string"),
        (SEAM + "input-model = 'NewThing'\n", "'input-model': 'NewThing' is not 'module:qualname'"),
        (
            SEAM + "output_model = 'a:B'\n",
            "unknown key 'output_model'; did you mean 'output-model'?",
        ),
        ("[[seams]]\nlogic = 'a:b'\n", "the key 'contract' is required"),
        ("[[seams]]\ncontract = 'x'\n", "the key 'logic' is required"),
        (
            "[[seams]]\ncontract = 'x'\nlogic = 'a.b.c'\n",
            "'logic': 'a.b.c' is not 'module:qualname'",
        ),
        (SEAM + SEAM, "seam 'things.create' is already bound by entry 1"),
        # Seen by the self-fuzz: a newline in a name made a usage error two lines long.
        (
            '[[seams]]\ncontract = "new\\nline"\nlogic = "a:b"\n',
            "('new\\nline') 'contract': 'new\\nline' is not a seam name such as 'tasks.create'",
        ),
        ("[[seams]]\ncontract = 'bad name'\nlogic = 'a:b'\n", "'bad name' is not a seam name"),
        (SEAM + 'version = "1.0\\n"\n', 'expected "MAJOR.MINOR" such as "1.1", got \'1.0\\n\''),
        ('[[seams]]\ncontract = "x"\nlogic = "a:b\\n"\n', "'logic': 'a:b\\n' is not 'module:"),
        ('app = "a:b\\n"\n', "'app': 'a:b\\n' is not 'module:attribute'"),
    ],
)
def test_bad_values_name_the_key_and_what_is_expected(
    tmp_path: Path, body: str, words: str
) -> None:
    path = write_config(tmp_path, body)

    with pytest.raises(ConfigError) as caught:
        load_config(path)

    assert words in str(caught.value)


def test_binding_lookup_names_the_near_miss(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, SEAM))

    with pytest.raises(ConfigError, match=r"did you mean 'things\.create'"):
        config.binding("things.creat")


def test_config_is_immutable(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, SEAM))

    with pytest.raises(AttributeError):
        config.max_examples = 3  # type: ignore[misc]


def test_compatibility_modes_globally_and_per_seam(tmp_path: Path) -> None:
    config = load_config(
        write_config(
            tmp_path, 'compatibility = "full"\n' + SEAM + 'compatibility = "Backward-Transitive"\n'
        )
    )

    assert config.compatibility == "full"
    assert config.compatibility_modes() == {"things.create": "backward-transitive"}


def test_an_unknown_compatibility_mode_names_the_near_miss(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="did you mean 'backward'"):
        load_config(write_config(tmp_path, 'compatibility = "backwards"\n'))
