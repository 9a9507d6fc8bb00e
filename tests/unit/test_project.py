"""The project object every entry point starts from, its one unknown-seam wording, and the
run settings and units the engine passes around."""

from __future__ import annotations

import dataclasses
import pickle
import re
import shutil
from pathlib import Path

import pytest

import seamguard
from seamguard.config import load_config
from seamguard.engine import run_check
from seamguard.engine._units import LogicOutcome, LogicUnit, RequestsUnit, WithinUnit
from seamguard.errors import ConfigError, ContractError
from seamguard.project import Project, RunSettings

NOTES = Path(__file__).parent / "services" / "notes"
CONFIG = NOTES / "seamguard.toml"
SEAMS = ("notes.create", "notes.get", "notes.search")

# The one wording of an unknown seam: the name, the file, the near miss, the bound seams.
UNKNOWN = (
    f"no seam 'notes.serch' is bound in {CONFIG}; did you mean 'notes.search'? "
    "(bound: notes.create, notes.get, notes.search)"
)


@pytest.fixture(autouse=True)
def _clean_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTES_BUG", raising=False)


# -- Project ---------------------------------------------------------------------------------


def test_open_reads_the_configuration_and_its_seams() -> None:
    project = Project.open(CONFIG)

    assert project.names == list(SEAMS)
    assert project.where == str(CONFIG)
    assert project.seam("notes.get").logic == "notes_fixture.logic:Notebook.get"
    assert sorted(project.usable) == list(SEAMS)
    assert str(project.usable["notes.get"].version) == "1.0"


def test_open_takes_a_loaded_configuration_as_it_is() -> None:
    config = load_config(CONFIG)

    assert Project.open(config, declared=False).config is config


def test_the_contracts_load_only_when_asked(tmp_path: Path) -> None:
    # Given a project whose contracts root does not exist
    service = tmp_path / "notes"
    shutil.copytree(NOTES, service, ignore=shutil.ignore_patterns("__pycache__", "contracts"))

    # When it is opened, nothing fails: call_seam needs no contracts
    project = Project.open(service / "seamguard.toml")
    assert project.seam("notes.create").contract == "notes.create"

    # Then the first use of the contracts says what is wrong
    with pytest.raises(ContractError, match="does not exist"):
        project.registry  # noqa: B018 - the property loads the tree


@pytest.mark.parametrize(
    ("given_as", "prefix"),
    [("", ""), ("--seam", "--seam: "), ("guard: seams", "guard: seams: ")],
)
def test_an_unknown_seam_has_one_wording(given_as: str, prefix: str) -> None:
    project = Project.open(CONFIG)

    with pytest.raises(ConfigError) as caught:
        project.seam("notes.serch", given_as=given_as)

    assert str(caught.value) == prefix + UNKNOWN


def test_a_name_far_from_every_seam_gets_no_guess() -> None:
    with pytest.raises(ConfigError) as caught:
        Project.open(CONFIG).seam("zzz")

    assert str(caught.value) == (
        f"no seam 'zzz' is bound in {CONFIG} (bound: notes.create, notes.get, notes.search)"
    )


def test_every_entry_point_words_an_unknown_seam_the_same(tmp_path: Path) -> None:
    # run_check's --seam, the guard's seams=, call_seam and the seams fixture's lookup all
    # go through Project.seam
    with pytest.raises(ConfigError) as by_check:
        run_check(load_config(CONFIG), seams=["notes.serch"], seed=1)
    with pytest.raises(ConfigError) as by_guard:
        seamguard.guard(object(), config=CONFIG, seams=["notes.serch"])
    with pytest.raises(ConfigError) as by_call:
        seamguard.call_seam("notes.serch", {}, config=CONFIG)

    assert str(by_check.value) == "--seam: " + UNKNOWN
    assert str(by_guard.value) == "guard: seams: " + UNKNOWN
    assert str(by_call.value) == UNKNOWN


def test_no_bound_seam_is_one_error_naming_the_ways_to_bind(tmp_path: Path) -> None:
    # Given a configuration that binds nothing (and no app declaring seams)
    config = tmp_path / "seamguard.toml"
    config.write_text(f'contracts = "{NOTES / "contracts"}"\n')
    project = Project.open(config)

    with pytest.raises(ConfigError, match=re.escape(f"no seams are bound in {config}: add a")):
        project.chosen([])
    with pytest.raises(ConfigError, match=re.escape("guard: no seams are bound in")):
        project.chosen([], who="guard", option="seams")


def test_chosen_keeps_the_configuration_order() -> None:
    project = Project.open(CONFIG)

    assert [b.contract for b in project.chosen(["notes.search", "notes.create"])] == [
        "notes.create",
        "notes.search",
    ]
    assert [b.contract for b in project.chosen([])] == list(SEAMS)


def test_a_seam_whose_contract_is_invalid_is_refused_by_name(tmp_path: Path) -> None:
    # Given a copy of the service whose notes.get input schema is not a valid schema
    service = tmp_path / "notes"
    shutil.copytree(NOTES, service, ignore=shutil.ignore_patterns("__pycache__"))
    schema = service / "contracts" / "notes.get" / "1.0" / "input.schema.json"
    schema.write_text('{"type": "uuid"}')
    project = Project.open(service / "seamguard.toml")

    # Then it cannot run, and each way of asking names it
    assert sorted(project.usable) == ["notes.create", "notes.search"]
    with pytest.raises(ConfigError, match=re.escape("no bound seam 'notes.get' with a valid")):
        project.usable_seam("notes.get")
    with pytest.raises(ContractError, match=r"^guard: the contract notes\.get@1\.0 is not valid"):
        project.valid_contract(project.seam("notes.get"), who="guard")
    assert project.valid_contract(project.seam("notes.create"), who="guard").seam == "notes.create"


def test_bind_imports_the_logic_with_the_project_on_the_path() -> None:
    bound = Project.open(CONFIG).bind("notes.search")

    assert bound.seam == "notes.search"
    assert bound.is_async


# -- RunSettings -----------------------------------------------------------------------------


def test_settings_take_the_configuration_defaults() -> None:
    config = load_config(CONFIG)  # max-examples = 30

    settings = RunSettings.of(config, seed=7)

    assert (settings.seed, settings.max_examples, settings.timeout) == (7, 30, config.timeout)
    assert (settings.workers, settings.shard, settings.seams) == (1, None, ())
    assert RunSettings.of(config, seed=7, max_examples=3).max_examples == 3


def test_settings_draw_a_seed_when_none_is_given() -> None:
    config = load_config(CONFIG)

    seeds = {RunSettings.of(config).seed for _ in range(20)}

    assert len(seeds) > 1
    assert all(0 <= seed < 2**32 for seed in seeds)


def test_settings_are_frozen() -> None:
    settings = RunSettings.of(load_config(CONFIG), seed=1)

    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.seed = 2  # type: ignore[misc]
    assert not hasattr(settings, "__dict__")  # slots


def test_a_binding_timeout_wins_over_the_configuration_one() -> None:
    config = load_config(CONFIG)
    settings = RunSettings.of(config, seed=1)
    binding = config.binding("notes.create")

    assert settings.timeout_of(binding) == config.timeout
    assert settings.timeout_of(dataclasses.replace(binding, timeout=0.5)) == 0.5


# -- units -----------------------------------------------------------------------------------


def test_units_are_plain_data_a_worker_can_be_sent() -> None:
    from seamguard.checks import CheckResult

    units = [
        LogicUnit("notes.create"),
        WithinUnit(("notes.create", "notes.get"), ("notes.create",)),
        RequestsUnit(("notes.create",), unit=None),  # type: ignore[arg-type]
    ]
    model = CheckResult("notes.create", "1.0", "model-matches-contract", "passed")
    outcome = LogicOutcome(model, (model,), hung=False)

    for value in [*units, outcome]:
        assert pickle.loads(pickle.dumps(value)) == value
