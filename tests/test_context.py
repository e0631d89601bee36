"""Typed context and one-pass validation: every hand-written mistake, located, in one run."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orr.context import parse_value, value_problem
from orr.model import ContextKey
from tests.conftest import DATA, CliRunner

CONTEXT = DATA / "context"
CHECKLISTS = CONTEXT / "checklists"

CASES: dict[str, list[str]] = {
    "context-type.yaml": ["4:9: context.tier: '3' is not one of 1, 2, 3: write it without quotes"],
    "closed-value.yaml": [
        "3:29: context.compute: 'fargate' is not one of ec2, ecs, eks, lambda, other",
        "3:48: context.multi_az: 'yes please' is not true or false",
    ],
    "null-value.yaml": [
        "5:12: context.multi_az: is empty: write true or false, or remove the line"
    ],
    "undeclared.yaml": [
        "13:23: sections[0].items[0].applies_when: context key 'regoins' is not declared: add "
        "it under `context:` at the top of the checklist, with its type and description",
        "16:31: sections[0].items[1].applies_when: compute: 'lamda' is not one of ec2, ecs, eks, "
        "lambda, other (did you mean 'lambda'?)",
        "19:29: sections[0].items[2].applies_when: tier: '2' is not one of 1, 2, 3: write it "
        "without quotes",
        "19:47: sections[0].items[2].applies_when: compute: 'fargate' is not one of ec2, ecs, "
        "eks, lambda, other",
    ],
    "every-problem.yaml": [
        "4:7: date: '2026-02-30' is not a date (day value is outside expected range): write "
        "YYYY-MM-DD",
        "5:17: context.tier: 4 is not one of 1, 2, 3",
        f"6:22: checklists[1]: no checklist with id 'lunch' (did you mean 'launch'?); looked in "
        f"{CHECKLISTS}, orr's bundled checklists; see `orr list`, or add the folder that holds "
        'it with --checklists DIR or checklists = ["DIR"] in .orr.toml; checked once it is '
        "found: 2 answers",
        "9:13: answers.launch/paging.status: 'done' is not one of met, partial, unmet, n/a",
        "10:3: answers.launch/canery: no item 'canery' in checklist 'launch' (did you mean "
        "'canary'?)",
        "13:23: answers.launch/alarms.choices[1]: unknown choice 'tsted' (did you mean 'tested'?)",
        "19:11: waivers[0].item: no item 'zonl' in checklist 'launch' (did you mean 'zonal'?)",
        "22:14: waivers[0].expires: '2027-02-31' is not a date (day value is outside expected "
        "range): write YYYY-MM-DD",
    ],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_context_mistake_is_reported_exactly(cli: CliRunner, name: str) -> None:
    path = CONTEXT / name
    run = cli("validate", path, "--checklists", CHECKLISTS)
    assert run.code == 2
    lines = run.out.splitlines()
    assert lines[:-1] == [f"{path}:{message}" for message in CASES[name]]
    assert lines[-1].startswith(f"{len(CASES[name])} problem")


def test_an_unknown_context_key_is_a_warning_with_did_you_mean(cli: CliRunner) -> None:
    path = CONTEXT / "unknown-key.yaml"
    run = cli("validate", path, "--checklists", CHECKLISTS)
    assert run.code == 0
    assert run.out.splitlines() == [
        f"{path}:4:3: warning: context key 'teir' is not declared by this review's checklists "
        "(did you mean 'tier'?); no item reads it",
        "1 file valid (1 review); 1 warning",
    ]


def test_the_gate_warns_about_an_unknown_context_key_and_strict_fails_on_it(
    cli: CliRunner,
) -> None:
    path = CONTEXT / "unknown-key.yaml"
    run = cli("gate", path, "--checklists", CHECKLISTS, "--today", "2026-11-23")
    assert "context key 'teir' is not declared by this review's checklists" in run.out
    strict = cli("gate", path, "--checklists", CHECKLISTS, "--today", "2026-11-23", "--strict")
    assert strict.code == 1


@pytest.mark.parametrize("command", ["gate", "report"])
def test_a_checklist_given_where_a_review_is_wanted_is_named_as_such(
    cli: CliRunner, command: str, tmp_path: Path
) -> None:
    path = CHECKLISTS / "launch.yaml"
    run = (
        cli(command, path, "--output-dir", tmp_path) if command == "report" else cli(command, path)
    )
    assert run.code == 2
    assert run.err.strip() == (
        f"{path}:1:1: is a checklist, not a review: pass a review file that lists it under "
        "`checklists:` (`orr init` writes one); `orr validate` checks a checklist"
    )


def test_a_missing_checklist_is_one_problem_however_many_answers_name_it(
    cli: CliRunner, tmp_path: Path
) -> None:
    answers = {f"gone/item-{n}": {"status": "met"} for n in range(49)}
    path = tmp_path / "review.yaml"
    path.write_text(
        yaml.safe_dump(
            {"service": "s", "owner": "o", "checklists": ["gone"], "answers": answers},
            sort_keys=False,
        )
    )
    run = cli("validate", path)
    assert run.code == 2
    assert run.out.splitlines()[:-1] == [
        f"{path}:4:3: checklists[0]: no checklist with id 'gone'; looked in orr's bundled "
        "checklists; see `orr list`, or add the folder that holds it with --checklists DIR or "
        'checklists = ["DIR"] in .orr.toml; checked once it is found: 49 answers'
    ]


def test_with_checklists_broken_the_answers_are_said_once_not_to_be_checked(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "review.yaml"
    path.write_text(
        "service: s\nowner: o\nchecklists: launch\nanswers:\n  launch/x: {status: met}\n"
    )
    run = cli("validate", path, "--checklists", CHECKLISTS)
    assert run.out.splitlines()[:-1] == [
        f"{path}:3:13: checklists: should be a list, not 'launch'",
        f"{path}:4:1: answers: not checked against the checklists until `checklists:` is valid",
    ]


# --- the values a person types -----------------------------------------------------------

TIER = ContextKey(type="integer", values=[1, 2, 3], description="criticality")
MULTI_AZ = ContextKey(type="boolean", description="in more than one zone")
COMPUTE = ContextKey(type="string", values=["ecs", "lambda"], description="what runs it")


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("2", TIER, 2),
        (" true ", MULTI_AZ, True),
        ("False", MULTI_AZ, False),
        ("ecs", COMPUTE, "ecs"),
    ],
)
def test_a_typed_value_is_read_as_its_declared_type(
    text: str, key: ContextKey, value: object
) -> None:
    assert parse_value(text, key) == value
    assert type(parse_value(text, key)) is type(value)


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("4", TIER, "4 is not one of 1, 2, 3"),
        ("high", TIER, "'high' is not one of 1, 2, 3"),
        ("yes", MULTI_AZ, "'yes' is not true or false"),
        ("ecz", COMPUTE, "'ecz' is not one of ecs, lambda (did you mean 'ecs'?)"),
    ],
)
def test_a_typed_value_that_does_not_fit_says_what_would(
    text: str, key: ContextKey, message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_value(text, key)


def test_a_boolean_is_not_an_integer_and_a_list_is_not_one_value() -> None:
    assert value_problem(True, TIER) == "true is not one of 1, 2, 3"
    assert value_problem(["ecs"], COMPUTE) == "a list is not one of ecs, lambda: give one value"


def test_declared_values_must_have_the_declared_type(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "id: c\ntitle: C\nversion: 1.0.0\ncontext:\n"
        "  tier: {type: integer, values: [1, '2'], description: criticality}\n"
        "sections:\n  - {id: s, title: S, items: [{id: i, question: Q?}]}\n"
    )
    run = cli("validate", path)
    assert run.out.splitlines()[0] == (
        f"{path}:5:9: context.tier: values: '2' is not of type integer"
    )


# --- every problem in one run: a property ------------------------------------------------

VALID = yaml.safe_load((CONTEXT / "valid.yaml").read_text())


def _set(path: tuple[Any, ...], value: object) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def _rename_answer(old: str, new: str) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        data["answers"][new] = data["answers"].pop(old)

    return mutate


def _add_checklist(data: dict[str, Any]) -> None:
    data["checklists"].append("lunch")
    data["answers"]["lunch/one"] = {"status": "met"}


#: Each mutation breaks one independent place of the valid review, in a different way.
MUTATIONS = {
    "schema: status": _set(("answers", "launch/paging", "status"), "done"),
    "schema: unknown field": _set(("answers", "launch/zonal", "evidense"), ["x"]),
    "schema: owner": _set(("owner",), ""),
    "bad date": _set(("date",), "2026-02-30"),
    "waiver date": _set(("waivers", 0, "expires"), "2027-02-31"),
    "unknown item": _rename_answer("launch/canary", "launch/canery"),
    "unknown choice": _set(("answers", "launch/alarms", "choices"), ["paging", "tsted"]),
    "waiver item": _set(("waivers", 0, "item"), "launch/zonl"),
    "context type": _set(("context", "tier"), "3"),
    "context value": _set(("context", "compute"), "fargate"),
    "context null": _set(("context", "multi_az"), None),
    "unknown checklist": _add_checklist,
}


def _messages(cli: CliRunner, path: Path, names: list[str]) -> Counter[str]:
    data = yaml.safe_load(yaml.safe_dump(VALID))
    for name in names:
        MUTATIONS[name](data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    run = cli("validate", path, "--checklists", CHECKLISTS)
    assert "Traceback" not in run.out + run.err
    return Counter(re.sub(r"^[^:]+:\d+:\d+: ", "", line) for line in run.out.splitlines()[:-1])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, unique=True))
def test_one_run_lists_every_problem_the_mutations_make_one_at_a_time(
    cli: CliRunner, tmp_path: Path, names: list[str]
) -> None:
    assert not _messages(cli, tmp_path / "valid.yaml", [])
    each: Counter[str] = Counter()
    for name in names:
        alone = _messages(cli, tmp_path / "one.yaml", [name])
        assert alone, f"{name} makes no problem"
        each += alone
    assert _messages(cli, tmp_path / "all.yaml", names) == each


# --- orr init --context ------------------------------------------------------------------


def test_init_fills_the_context_given_typed_as_declared(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "checkout.yaml"
    run = cli(
        "init", "--service", "checkout", "--checklist", "launch", "--checklists", CHECKLISTS,
        "--context", "tier=1", "--context", "compute=ecs", "--context", "multi_az=true",
        "-o", target,
    )  # fmt: skip
    assert run.code == 0, run.err
    assert yaml.safe_load(target.read_text())["context"] == {
        "tier": 1,
        "compute": "ecs",
        "multi_az": True,
    }
    assert "  # regions:  # an integer: how many regions serve it\n" in target.read_text()
    assert cli("validate", target, "--checklists", CHECKLISTS).code == 0


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "teir=1",
            "orr init: --context teir: no chosen checklist declares it (did you mean 'tier'?); "
            "they declare: compute, multi_az, regions, tier",
        ),
        ("tier=4", "orr init: --context tier: 4 is not one of 1, 2, 3"),
        ("multi_az=yes", "orr init: --context multi_az: 'yes' is not true or false"),
        ("tier", "orr init: --context 'tier': write it as KEY=VALUE, e.g. tier=1"),
    ],
)
def test_init_refuses_a_context_value_the_checklists_do_not_declare(
    cli: CliRunner, option: str, message: str
) -> None:
    run = cli(
        "init", "--service", "x", "--checklist", "launch", "--checklists", CHECKLISTS,
        "--context", option, "-o", "-",
    )  # fmt: skip
    assert run.code == 2
    assert run.err.strip() == message


def test_an_invalid_checklist_is_reported_once_and_its_answers_wait_for_it(
    cli: CliRunner, tmp_path: Path
) -> None:
    shutil.copy(CONTEXT / "undeclared.yaml", tmp_path / "undeclared.yaml")
    review = tmp_path / "review.yaml"
    review.write_text(
        "service: s\nowner: o\nchecklists: [undeclared]\nanswers:\n  undeclared/x: {status: met}\n"
    )
    run = cli("validate", review, "--checklists", tmp_path)
    problems = run.out.splitlines()[:-1]
    assert len(problems) == len(CASES["undeclared.yaml"])
    assert all(p.startswith(f"{tmp_path / 'undeclared.yaml'}:") for p in problems)
