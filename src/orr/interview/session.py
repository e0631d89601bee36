"""The walk through the items: ask, save at once, move on; back, skip and quit.

Pure apart from its two collaborators: a Prompter (input and output) and a ``save`` function
that writes one answer and returns the answers as they now stand in the file, or raises
``NotSaved`` when someone else changed that item meanwhile: the item is then shown again as
the file now holds it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from orr.errors import OrrError
from orr.interview.answering import NEEDS_CHOICE, NEEDS_EVIDENCE, record
from orr.interview.card import card
from orr.interview.plan import Plan, Question, status_of
from orr.interview.prompter import CHOICE_ACTIONS, STATUS_OPTIONS, Prompter, Selection
from orr.model import Answer
from orr.words import plural

Save = Callable[[str, dict[str, Any]], Mapping[str, Answer]]
Outcome = Literal["done", "quit"]
_NAVIGATION = ("skip", "back", "quit")


class InputEnded(OrrError):
    """Input ran out between the prompts of one answer (a script one line short)."""


class NotSaved(OrrError):
    """The answer was not saved (the item changed in the file); ``answers`` as they are now."""

    def __init__(self, message: str, answers: Mapping[str, Answer]) -> None:
        super().__init__(message)
        self.answers = answers


@dataclass
class Session:
    plan: Plan
    prompter: Prompter
    save: Save
    answers: dict[str, Answer]
    user: str
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    saved: int = 0
    #: the item on screen when the session stopped (quit, Ctrl-C), None once all are asked
    current: Question | None = None
    #: the item saved with what it had when Ctrl-C came in the middle of its answer
    kept: str | None = None

    def run(self) -> Outcome:
        self._show_not_applicable()
        self._show_inherited()
        position = self.plan.next(-1, self.answers)
        history: list[int] = []
        while position is not None:
            question = self.current = self.plan.questions[position]
            answer = self.plan.current(question.ref, self.answers)
            style, width = self.prompter.style, self.prompter.width
            self.prompter.show(card(question, answer, style, width))
            if question.ref not in self.answers and question.ref in self.plan.inherited:
                source = self.plan.inherited[question.ref].source
                self.prompter.notice(f"Inherited from {source}; an answer here overrides it.")
            action = self.ask(question)
            if action == "quit":
                return "quit"
            if action == "again":
                continue
            if action == "back":
                if history:
                    position = history.pop()
                elif position > 0:
                    position -= 1
                else:
                    self.prompter.notice("This is the first item; there is nothing before it.")
                continue
            history.append(position)
            position = self.plan.next(position, self.answers)
        self.current = None
        return "done"

    def _show_not_applicable(self) -> None:
        skipped = self.plan.not_applicable
        if not skipped:
            return
        lines = [f"{plural(len(skipped), 'item')} not asked: n/a here"]
        lines += [f"  {ref}  ({self.prompter.style.dim(rule)})" for ref, rule in skipped]
        self.prompter.show("\n".join(lines))

    def _show_inherited(self) -> None:
        left = self.plan.left_to_baselines(self.answers)
        if not left:
            return
        verb = "asked again to override them" if self.plan.ask_inherited else "not asked"
        lines = [f"{plural(len(left), 'item')} answered by a baseline, {verb}:"]
        for question in left:
            inherited = self.plan.inherited[question.ref]
            status = status_of(question.item, inherited.answer)
            lines.append(f"  {question.ref}  {status}  {self.prompter.style.dim(inherited.source)}")
        if not self.plan.ask_inherited:
            lines.append(self.prompter.style.dim("  (--inherited asks them too, to override)"))
        self.prompter.show("\n".join(lines))

    def ask(self, question: Question) -> str:
        """Ask one item; 'answered' once saved, else 'skip', 'back', 'quit' or 'again'."""
        try:
            if question.item.choices:
                return self._ask_choices(question)
            return self._ask_status(question)
        except NotSaved as refused:
            self.answers = dict(refused.answers)
            self.prompter.notice(self.prompter.style.red(refused.message) + "; asking again")
            return "again"
        except _AtMenu:
            return "quit"  # input ended where a new answer would start: like quit
        except EOFError:
            raise InputEnded(
                f"orr review: input ended in the middle of the answer to {question.ref}; "
                "that answer was not saved (every earlier one was)"
            ) from None

    def _menu(self, default: str | None) -> str:
        try:
            return self.prompter.menu("Status", STATUS_OPTIONS, default)
        except EOFError:
            raise _AtMenu from None

    def _ask_status(self, question: Question) -> str:
        item = question.item
        current = self.answers.get(question.ref)
        default = current.status if current else None
        while True:
            status = self._menu(default)
            if status in _NAVIGATION:
                return status
            if status == "n/a":
                reason = self._text("Why does it not apply", current.reason if current else None)
                self._save(question, {"status": "n/a", "reason": reason})
                return "answered"
            evidence = list(current.evidence) if current else []
            notes = current.notes if current else ""
            fields: dict[str, Any] = {"status": status, "evidence": evidence, "notes": notes}
            with self._kept_on_interrupt(question, fields):
                if item.evidence != "none":
                    fields["evidence"] = evidence = self._list(evidence)
                    if status == "met" and item.evidence == "required" and not evidence:
                        self.prompter.notice(NEEDS_EVIDENCE)
                        default = "partial"
                        continue
                fields["notes"] = self._text("Notes", notes or None, required=False)
            self._save(question, fields)
            return "answered"

    def _ask_choices(self, question: Question) -> str:
        item = question.item
        current = self.answers.get(question.ref)
        selection = Selection(
            tuple(current.choices or ()) if current else (),
            tuple(current.na_choices) if current else (),
        )
        while True:
            try:
                picked = self.prompter.select(
                    "Which of these hold?", item.choices, selection, CHOICE_ACTIONS
                )
            except EOFError:
                raise _AtMenu from None
            if isinstance(picked, str):
                if picked in _NAVIGATION:
                    return picked
                reason = self._text("Why does it not apply", current.reason if current else None)
                self._save(question, {"status": "n/a", "reason": reason})
                return "answered"
            if not picked.chosen:
                self.prompter.notice(NEEDS_CHOICE)
                selection = picked
                continue
            break
        fields: dict[str, Any] = {
            "choices": list(picked.chosen),
            "na_choices": list(picked.not_applicable),
            "evidence": list(current.evidence) if current else [],
            "notes": current.notes if current else "",
        }
        with self._kept_on_interrupt(question, fields):
            if item.evidence != "none":
                fields["evidence"] = self._list(fields["evidence"])
            fields["notes"] = self._text("Notes", fields["notes"] or None, required=False)
        self._save(question, fields)
        return "answered"

    @contextlib.contextmanager
    def _kept_on_interrupt(self, question: Question, fields: dict[str, Any]) -> Iterator[None]:
        """Ctrl-C after the status (or choices) is given saves the answer with what it has."""
        try:
            yield
        except KeyboardInterrupt:
            self._save(question, fields)
            self.kept = question.ref
            raise

    def _text(self, prompt: str, current: str | None, *, required: bool = True) -> str:
        """A line of text; empty keeps ``current``, a lone '-' clears it."""
        hint = f" [{_short(current)}; Enter keeps it, - clears it]" if current else ""
        while True:
            typed = self.prompter.line(prompt + hint).strip()
            value = "" if typed == "-" else typed or (current or "")
            if value or not required:
                return value
            self.prompter.notice("An answer is needed here.")

    def _list(self, current: list[str]) -> list[str]:
        hint = f" [{_short(', '.join(current))}; Enter keeps, - clears]" if current else ""
        typed = self.prompter.line("Evidence (links or references, comma-separated)" + hint)
        typed = typed.strip()
        if typed == "-":
            return []
        if not typed:
            return current
        return [part.strip() for part in typed.split(",") if part.strip()]

    def _save(self, question: Question, fields: dict[str, Any]) -> None:
        answer = record(question.item, fields, self.user, self.now())
        self.answers = dict(self.save(question.ref, answer))
        self.saved += 1
        self.prompter.notice(self.prompter.style.green(f"saved {question.ref}"))


class _AtMenu(Exception):
    """Input ended at the first prompt of an item."""


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
