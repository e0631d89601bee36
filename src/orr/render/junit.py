"""JUnit XML for CI test views (Jenkins, GitLab): a testsuite per checklist, a testcase per item.

Blocking items are failures carrying the remediation; items that do not apply are skipped;
everything else passes, with its status and risk in the testcase's output. A last testsuite per
review, ``<service>/gate``, holds the verdict: a failure for each reason that is not an item
(incomplete, stale, policy thresholds), so the test view fails whenever the gate does.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from orr.result import ItemOutcome, Result
from orr.words import plural

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def render(result: Result) -> str:
    return render_many([result])


def render_many(results: Sequence[Result]) -> str:
    root = ET.Element("testsuites", name="orr")
    total = failures = 0
    for result in results:
        for checklist in result.checklists:
            items = [i for i in result.items if i.checklist == checklist.id]
            suite = ET.SubElement(
                root, "testsuite", name=_clean(f"{result.service}/{checklist.id}")
            )
            failed = sum(1 for i in items if i.blocking)
            skipped = sum(1 for i in items if i.status == "n/a")
            suite.set("tests", str(len(items)))
            suite.set("failures", str(failed))
            suite.set("errors", "0")
            suite.set("skipped", str(skipped))
            if result.review_path:
                suite.set("file", _clean(result.review_path))
            props = ET.SubElement(suite, "properties")
            for name, value in (
                ("checklist.version", checklist.version),
                ("verdict", result.verdict),
                ("score", "" if checklist.score is None else f"{checklist.score:g}"),
                ("evaluated_on", result.evaluated_on),
            ):
                ET.SubElement(props, "property", name=name, value=_clean(value))
            for item in items:
                _testcase(suite, result, item)
            total += len(items)
            failures += failed
        cases, failed = _gate_suite(root, result)
        total += cases
        failures += failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_ITEM_KINDS = ("blocker", "expired-waiver")


def _gate_suite(root: ET.Element, result: Result) -> tuple[int, int]:
    """The verdict as a testsuite: (testcases, failures)."""
    suite = ET.SubElement(root, "testsuite", name=_clean(f"{result.service}/gate"))
    if result.review_path:
        suite.set("file", _clean(result.review_path))
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("verdict", result.verdict),
        ("answered", f"{result.answered} of {result.applicable}"),
        ("review_date", result.review_date or ""),
        ("stale", "true" if result.stale else "false"),
    ):
        ET.SubElement(props, "property", name=name, value=_clean(value))
    reasons = [r for r in result.reasons if r.kind not in _ITEM_KINDS]
    for reason in reasons:
        case = ET.SubElement(
            suite, "testcase", name=reason.kind, classname=_clean(f"{result.service}.gate")
        )
        ET.SubElement(case, "failure", type=reason.kind, message=_clean(reason.message))
    if not reasons:
        case = ET.SubElement(
            suite, "testcase", name="verdict", classname=_clean(f"{result.service}.gate")
        )
        if not result.ready:  # only item blockers: their testcases carry the details
            blocks = plural(len(result.blockers), "item blocks", "items block")
            ET.SubElement(
                case, "failure", type="blockers", message=_clean(f"{result.verdict}: {blocks}")
            )
        ET.SubElement(case, "system-out").text = _clean(result.verdict)
    cases = max(1, len(reasons))
    failed = len(reasons) or (0 if result.ready else 1)
    suite.set("tests", str(cases))
    suite.set("failures", str(failed))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return cases, failed


def _testcase(suite: ET.Element, result: Result, item: ItemOutcome) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=_clean(f"{item.item}: {item.question}"),
        classname=_clean(f"{result.service}.{item.checklist}.{item.section}"),
    )
    if result.review_path:
        case.set("file", _clean(result.review_path))
        if item.line:
            case.set("line", str(item.line))
    if item.blocking:
        reason = "waiver expired" if item.waiver and item.waiver.state == "expired" else "mandatory"
        failure = ET.SubElement(
            case,
            "failure",
            type=f"{item.status}",
            message=_clean(f"{item.ref} is {item.status} ({reason}, {item.declared_risk} risk)"),
        )
        failure.text = _clean(item.remediation or item.why or item.question)
    elif item.status == "n/a":
        ET.SubElement(case, "skipped", message=_clean(item.na_reason or "does not apply"))
    out = [f"status: {item.status}", f"risk: {item.risk}"]
    if item.waiver:
        out.append(
            f"waiver: {item.waiver.state} until {item.waiver.expires} "
            f"(approved by {item.waiver.approved_by})"
        )
    out.extend(item.explanations)
    if item.notes:
        out.append(f"notes: {item.notes}")
    ET.SubElement(case, "system-out").text = _clean("\n".join(out))
