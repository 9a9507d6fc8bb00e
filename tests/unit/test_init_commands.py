"""``seamguard init`` and ``check`` on a command-handler service (issue 18, points 3 and 12).

The errands service (tests/unit/services/errands) is written the way DDD services are: each
route builds a command dataclass from the request (``command = FinishErrand(errand_id=...)``),
hands it to a handler made by ``Depends`` or in the route, then reads the errand back through
a query handler handed the path id. The hand-off is the command's handler: the read-back,
handed the path parameter itself, used to win over a call handed only a local, so ``PUT`` and
``POST .../finish`` were bound to the query handler and their handlers went unchecked.
"""

from __future__ import annotations

import ast
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from seamguard.cli import cli
from seamguard.scaffold import Survey, survey
from seamguard.scaffold._flow import BODY_DERIVED, DERIVED, FED, carriers, fed

ERRANDS = Path(__file__).parent / "services" / "errands"
APP = "errands_app.api:app"


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == package]:
        del sys.modules[name]


@pytest.fixture
def found() -> Iterator[Survey]:
    _forget("errands_app")
    yield survey(APP, root=ERRANDS)
    _forget("errands_app")


def test_the_handler_handed_the_command_is_bound_not_the_read_back(found: Survey) -> None:
    logic = {str(r.route): r.logic for r in found.routes}
    # command = FinishErrand(errand_id=errand_id); handler.handle(command); then
    # reader.handle(errand_id): the command carries the path id, and comes first.
    assert logic["POST /errands/{errand_id}/finish"] == (
        "errands_app.handlers:FinishErrandHandler.handle"
    )
    # The handler is made in the route (RenameErrandHandler(store)); the command carries the
    # body's title, which wins over the read-back GetErrandHandler(store).handle(errand_id).
    assert logic["PUT /errands/{errand_id}"] == "errands_app.handlers:RenameErrandHandler.handle"
    assert logic["POST /errands"] == "errands_app.handlers:AddErrandHandler.handle"
    assert logic["GET /errands/{errand_id}"] == "errands_app.handlers:GetErrandHandler.handle"


def test_a_handler_reached_through_a_composition_root_is_bound(found: Survey) -> None:
    # ctx.factory.errands.create_reopen_handler().handle(...): `factory` is a dataclass
    # field, `errands` an attribute AppFactory sets in __init__, and the handler the class
    # create_reopen_handler is annotated to return.
    logic = {str(r.route): r.logic for r in found.routes}
    assert logic["POST /errands/{errand_id}/reopen"] == (
        "errands_app.handlers:ReopenErrandHandler.handle"
    )


def _calls(source: str) -> tuple[ast.FunctionDef, dict[str, ast.Call]]:
    tree = ast.parse(source).body[0]
    assert isinstance(tree, ast.FunctionDef)
    calls = {ast.unparse(n.func): n for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return tree, calls


_ROUTE = """
def route(todo_id, body):
    title = Title(value=body.title)
    command = Update(todo_id=todo_id, title=title)
    finish = Finish(todo_id)
    todo = store.get(todo_id)
    handler.handle(command)
    other.handle(finish.todo_id)
    audit.log(todo)
"""


def test_a_command_built_from_the_request_carries_what_it_was_built_from() -> None:
    tree, calls = _calls(_ROUTE)
    names, body = frozenset({"todo_id", "body"}), frozenset({"body"})
    built = carriers(tree, names, body, lambda c: ast.unparse(c.func)[0].isupper())
    # The value object carries the body's title into the command built from it; a result of
    # a call that builds none of the project's classes (store.get) carries nothing.
    assert built == {"title": BODY_DERIVED, "command": BODY_DERIVED, "finish": FED}
    assert fed(calls["handler.handle"], names, body, built) == BODY_DERIVED
    assert fed(calls["other.handle"], names, body, built) == DERIVED  # a field read from it
    assert fed(calls["audit.log"], names, body, built) == 0
    assert fed(calls["handler.handle"], names, body) == 0  # without the carriers: nothing


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def bound(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of errands after ``init --yes``, each handler's ``instance`` filled from the
    service's own testing module, as its TODO line asks."""
    root = tmp_path_factory.mktemp("errands") / "errands"
    shutil.copytree(ERRANDS, root, ignore=shutil.ignore_patterns("__pycache__"))
    _forget("errands_app")
    made = run("init", "--app", APP, "--dir", str(root), "--yes")
    assert made.exit_code == 0, made.output
    config = root / "seamguard.toml"
    factories = {
        "AddErrandHandler": "add_handler",
        "FinishErrandHandler": "finish_handler",
        "RenameErrandHandler": "rename_handler",
        "GetErrandHandler": "reader",
        "ReopenErrandHandler": "reopen_handler",
    }
    lines = []
    for line in config.read_text().splitlines():
        if line.startswith("# instance = "):
            line = f'instance = "errands_app.testing:{factories[line.split()[-1]]}"'
        lines.append(line)
    config.write_text("\n".join(lines) + "\n")
    yield config
    _forget("errands_app")


def check(config: Path, monkeypatch: pytest.MonkeyPatch, bug: str = "") -> Result:
    if bug:
        monkeypatch.setenv("ERRANDS_BUG", bug)
    else:
        monkeypatch.delenv("ERRANDS_BUG", raising=False)
    return run(
        "check", "--config", str(config), "--max-examples", "15", "--seed", "1",
        "--example-db", "none",
    )  # fmt: skip


def test_init_then_check_passes_on_errands(bound: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = check(bound, monkeypatch)
    assert checked.exit_code == 0, checked.output
    assert "FAIL" not in checked.output
    assert "ERROR" not in checked.output


def test_a_raw_value_in_the_command_fails_api_hands_valid_input(
    bound: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PUT hands RenameErrand(priority=request.priority), the body's int where the handler's
    # command annotates Priority: the answer is right and the JSON the same, the seam not.
    checked = check(bound, monkeypatch, "raw-priority")
    assert checked.exit_code == 1, checked.output
    failures = [ln.split() for ln in checked.output.splitlines() if ln.lstrip().startswith("FAIL ")]
    assert failures == [["FAIL", "errands.update@1.0", "api-hands-valid-input"]]
    assert "parameter 'command.priority' is annotated Priority | None, handed int" in checked.output


# -- the class of an attribute set on self in __init__ ------------------------------------------


class Part:
    pass


def make_part() -> Part:
    return Part()


class Root:
    def __init__(self, part: Part, other: Any) -> None:
        self.built = Part()
        self.made = make_part()
        self.handed = part
        self.annotated: Part = other
        self.unknown = other
        self.twice = Part()
        self.twice = other


class Child(Root):
    def __init__(self) -> None:
        super().__init__(Part(), None)


def test_assigned_class_reads_what_init_assigns() -> None:
    from seamguard.scaffold._attributes import assigned_class

    for name in ("built", "made", "handed", "annotated"):
        assert assigned_class(Root, name) is Part, name
    assert assigned_class(Child, "built") is Part  # set by the base's __init__
    # Something it cannot tell, assigned differently twice, or never assigned: no guess.
    for name in ("unknown", "twice", "missing"):
        assert assigned_class(Root, name) is None, name
