"""GitHub Actions: workflow-command annotations on the review's lines, and the step summary."""

from __future__ import annotations

from collections.abc import Sequence

from orr.result import Result


def workflow_commands(result: Result) -> list[str]:
    """``::error``/``::warning`` commands pointing at the answers' lines in the review file."""
    out = []
    for kind, findings in (("error", result.reasons), ("warning", result.warnings)):
        for finding in findings:
            props = [f"file={_escape_property(result.review_path)}"] if result.review_path else []
            if finding.line:
                props.append(f"line={finding.line}")
            title = f"orr {result.service}" + (f": {finding.item}" if finding.item else "")
            props.append(f"title={_escape_property(title)}")
            out.append(f"::{kind} {','.join(props)}::{_escape_data(finding.message)}")
    return out


def step_summary(results: Sequence[Result]) -> str:
    """The Markdown appended to ``$GITHUB_STEP_SUMMARY``: each review's summary."""
    from orr.render.markdown import render_summary

    return "".join(render_summary(result) + "\n" for result in results)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
