"""The question flow without a terminal: a scripted prompter stands in for the team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from orr.catalog import load_checklist
from orr.interview.plan import Plan, build_plan, context_keys, status_of
from orr.interview.prompter import Option, Selection
from orr.interview.session import InputEnded, Session
from orr.interview.text import Style
from orr.model import Answer, Choice
from tests.conftest import DATA

DEMO = load_checklist(DATA / "review" / "checklists" / "demo.yaml")
CONTEXT = {"regions": 1, "compute": "ecs"}
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
ITEMS = DEMO.items_by_id


class Scripted:
    """Replies in order: a menu takes an option value, select a Selection or an action."""

    style = Style()
    width = 80

    def __init__(self, *replies: object) -> None:
        self.replies = list(replies)
        self.shown: list[str] = []
        self.notices: list[str] = []
        self.prompts: list[str] = []

    def _next(self, prompt: str) -> Any:
        self.prompts.append(prompt)
        if not self.replies:
            raise EOFError
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def show(self, text: str) -> None:
        self.shown.append(text)

    def notice(self, text: str) -> None:
        self.notices.append(text)

    def menu(self, prompt: str, options: Sequence[Option], default: str | None) -> str:
        reply = self._next(f"{prompt} [{default}]")
        assert reply in [o.value for o in options], reply
        return str(reply)

    def select(
        self, prompt: str, choices: Sequence[Choice], current: Selection, actions: Sequence[Option]
    ) -> Selection | str:
        reply = self._next(f"{prompt} [{','.join(current.chosen)}]")
        assert isinstance(reply, Selection | str)
        return reply

    def line(self, prompt: str) -> str:
        return str(self._next(prompt))


class Saves:
    def __init__(self, answers: dict[str, Answer] | None = None) -> None:
        self.answers = dict(answers or {})
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, ref: str, answer: dict[str, Any]) -> dict[str, Answer]:
        self.calls.append((ref, answer))
        self.answers[ref] = Answer.model_validate(answer)
        return self.answers


def _session(
    prompter: Scripted, saves: Saves, only: str = "unanswered", plan: Plan | None = None
) -> Session:
    plan = plan or build_plan([DEMO], CONTEXT, only)  # type: ignore[arg-type]
    return Session(plan, prompter, saves, dict(saves.answers), "dana", lambda: NOW)


def _meta(item: str) -> dict[str, Any]:
    return {"answered_by": "dana", "answered_at": NOW, "fingerprint": ITEMS[item].fingerprint}


def test_plan_skips_items_that_do_not_apply_and_numbers_the_rest() -> None:
    plan = build_plan([DEMO], CONTEXT)
    assert [(q.ref, q.number, q.total) for q in plan.questions] == [
        ("demo/one-box", 1, 5),
        ("demo/rollback", 2, 5),
        ("demo/bake-time", 3, 5),
        ("demo/runbooks", 4, 5),
        ("demo/on-call", 5, 5),
    ]
    assert plan.not_applicable == [
        ("demo/regions", "regions > 1"),
        ("demo/lambda-canary", "compute == 'lambda'"),
    ]
    # a key the review does not set: the item is asked (the gate counts it as applicable too)
    assert len(build_plan([DEMO], {"compute": "ecs"}).questions) == 6


def test_only_filters() -> None:
    stale = Answer(status="met", fingerprint="0" * 12)
    answers = {
        "demo/one-box": Answer(status="met"),  # met without required evidence: partial
        "demo/rollback": Answer(status="met"),
        "demo/bake-time": stale,
        "demo/on-call": Answer(status="unmet"),
    }
    asked = {
        only: [
            q.ref
            for n, q in enumerate(build_plan([DEMO], CONTEXT, only).questions)  # type: ignore[arg-type]
            if build_plan([DEMO], CONTEXT, only).wanted(n, answers)  # type: ignore[arg-type]
        ]
        for only in ("unanswered", "blocking", "all")
    }
    assert asked == {
        "unanswered": ["demo/bake-time", "demo/runbooks"],
        "blocking": ["demo/one-box"],
        "all": ["demo/one-box", "demo/rollback", "demo/bake-time", "demo/runbooks", "demo/on-call"],
    }
    assert status_of(ITEMS["one-box"], answers["demo/one-box"]) == "partial"
    assert status_of(ITEMS["runbooks"], Answer(choices=["paging"])) == "partial"
    assert context_keys([DEMO]) == {"compute": ["compute == 'lambda'"], "regions": ["regions > 1"]}


@pytest.mark.parametrize("where", ["evidence", "notes"])
def test_ctrl_c_inside_a_choice_answer_saves_the_choices_given(where: str) -> None:
    done = {
        ref: Answer(status="unmet") for ref in ("demo/one-box", "demo/rollback", "demo/bake-time")
    }
    saves = Saves(done)
    replies: list[object] = [Selection(("paging",), ("tested",))]
    replies += [KeyboardInterrupt()] if where == "evidence" else ["https://x", KeyboardInterrupt()]
    session = _session(Scripted(*replies), saves)
    with pytest.raises(KeyboardInterrupt):
        session.run()
    evidence = {"evidence": ["https://x"]} if where == "notes" else {}
    assert saves.calls == [
        (
            "demo/runbooks",
            {"choices": ["paging"], "na_choices": ["tested"], **evidence, **_meta("runbooks")},
        )
    ]
    assert session.kept == "demo/runbooks"


def test_ctrl_c_at_the_status_menu_saves_nothing() -> None:
    saves = Saves()
    session = _session(Scripted(KeyboardInterrupt()), saves)
    with pytest.raises(KeyboardInterrupt):
        session.run()
    assert saves.calls == []
    assert session.kept is None


def test_each_answer_is_saved_at_once_with_who_when_and_fingerprint() -> None:
    prompter = Scripted(
        "met", "https://ci/1, https://ci/2", "one box first",
        "unmet", "", "",
        "partial", "bake 10 min",
        Selection(("paging",), ("tested",)), "", "",
        "quit",
    )  # fmt: skip
    saves = Saves()
    assert _session(prompter, saves).run() == "quit"
    assert saves.calls == [
        (
            "demo/one-box",
            {
                "status": "met",
                "evidence": ["https://ci/1", "https://ci/2"],
                "notes": "one box first",
            }
            | _meta("one-box"),
        ),
        ("demo/rollback", {"status": "unmet"} | _meta("rollback")),
        ("demo/bake-time", {"status": "partial", "notes": "bake 10 min"} | _meta("bake-time")),
        ("demo/runbooks", {"choices": ["paging"], "na_choices": ["tested"]} | _meta("runbooks")),
    ]
    # bake-time takes no evidence, so it was not asked for
    assert prompter.prompts[6:9] == ["Status [None]", "Notes", "Which of these hold? []"]
    assert prompter.notices == [
        f"saved demo/{i}" for i in ("one-box", "rollback", "bake-time", "runbooks")
    ]


def test_met_without_required_evidence_asks_the_status_again() -> None:
    prompter = Scripted("met", "", "partial", "", "no evidence yet", "quit")
    saves = Saves()
    _session(prompter, saves).run()
    assert prompter.notices[0].startswith("This item needs evidence to count as met")
    assert prompter.prompts[2] == "Status [partial]"
    assert saves.calls[0] == (
        "demo/one-box",
        {"status": "partial", "notes": "no evidence yet"} | _meta("one-box"),
    )


def test_na_needs_a_reason_and_text_prompts_keep_or_clear() -> None:
    current = Answer(status="met", evidence=["https://old"], notes="old notes")
    prompter = Scripted("n/a", "", "not in scope", "met", "", "-", "quit")
    saves = Saves({"demo/rollback": current})
    _session(prompter, saves, only="all").run()
    assert prompter.notices[0] == "An answer is needed here."
    assert prompter.prompts[4] == (
        "Evidence (links or references, comma-separated) [https://old; Enter keeps, - clears]"
    )
    assert saves.calls == [
        ("demo/one-box", {"status": "n/a", "reason": "not in scope"} | _meta("one-box")),
        ("demo/rollback", {"status": "met", "evidence": ["https://old"]} | _meta("rollback")),
    ]


def test_back_reopens_the_previous_item_and_the_new_answer_replaces_it() -> None:
    prompter = Scripted(
        "met", "https://ci/1", "",
        "back",
        "partial", "", "",
        "skip",
        "quit",
    )  # fmt: skip
    saves = Saves()
    session = _session(prompter, saves)
    assert session.run() == "quit"
    assert [ref for ref, _ in saves.calls] == ["demo/one-box", "demo/one-box"]
    assert saves.answers["demo/one-box"].status == "partial"
    assert saves.answers["demo/one-box"].evidence == ["https://ci/1"]  # Enter kept it
    # skip left rollback unanswered; quit came at bake-time
    assert "demo/rollback" not in saves.answers
    assert session.current is not None and session.current.ref == "demo/bake-time"


def test_back_at_the_start_of_a_resumed_session_goes_to_the_answered_item_before() -> None:
    saves = Saves({"demo/one-box": Answer(status="met", evidence=["https://ci/1"])})
    prompter = Scripted("back", "back", "quit")
    session = _session(prompter, saves)
    session.run()
    cards = [text.splitlines()[1] for text in prompter.shown[1:]]
    assert [c.split()[-2] for c in cards] == ["2/5", "1/5", "1/5"]
    assert prompter.notices == ["This is the first item; there is nothing before it."]


def test_end_of_input_quits_at_a_status_and_fails_inside_an_answer() -> None:
    saves = Saves()
    assert _session(Scripted("met", "https://a", "ok"), saves).run() == "quit"
    assert [ref for ref, _ in saves.calls] == ["demo/one-box"]
    with pytest.raises(InputEnded, match=r"in the middle of the answer to demo/rollback"):
        _session(Scripted("met"), Saves({"demo/one-box": Answer(status="n/a", reason="x")})).run()


def test_choice_items_need_a_choice_or_an_action() -> None:
    saves = Saves({f"demo/{i}": Answer(status="met", evidence=["e"]) for i in ITEMS})
    del saves.answers["demo/runbooks"]
    prompter = Scripted(Selection(), "n/a", "no alarms page anyone")
    assert _session(prompter, saves).run() == "done"
    assert prompter.notices[0].startswith("Choose at least one")
    assert saves.calls == [
        ("demo/runbooks", {"status": "n/a", "reason": "no alarms page anyone"} | _meta("runbooks"))
    ]


def test_the_not_applicable_items_are_shown_once_at_the_start() -> None:
    prompter = Scripted("quit")
    _session(prompter, Saves()).run()
    assert prompter.shown[0] == (
        "2 items not asked: n/a here\n"
        "  demo/regions  (regions > 1)\n"
        "  demo/lambda-canary  (compute == 'lambda')"
    )
