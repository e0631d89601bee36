"""IaC scanners' results files, read into one list of rule outcomes per resource.

Two formats: checkov's JSON (``-o json``: one report, or a list of them, one per framework),
which lists passed and failed checks; and SARIF 2.1.0 (cfn-lint, cfn-guard, ``checkov -o
sarif``), which lists failures only, so a rule a SARIF log does not report failing passed.
Only the fields orr reads are validated; anything else in the files is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from orr.errors import InputError
from orr.loading import Document, parse_json, read_text_and_digest, schema_problems


class _Read(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class CheckovCheck(_Read):
    check_id: str
    resource: str = ""
    file_path: str = ""
    file_line_range: list[int] = []


class CheckovResults(_Read):
    passed_checks: list[CheckovCheck] = []
    failed_checks: list[CheckovCheck] = []


class CheckovReport(_Read):
    check_type: str = ""
    results: CheckovResults = CheckovResults()


class SarifRule(_Read):
    id: str


class SarifDriver(_Read):
    name: str
    rules: list[SarifRule] = []


class SarifTool(_Read):
    driver: SarifDriver


class SarifArtifact(_Read):
    uri: str = ""


class SarifRegion(_Read):
    startLine: int = 0  # SARIF spells its fields in camelCase


class SarifPhysical(_Read):
    artifactLocation: SarifArtifact = SarifArtifact()
    region: SarifRegion = SarifRegion()


class SarifLogical(_Read):
    fullyQualifiedName: str | None = None
    name: str | None = None


class SarifLocation(_Read):
    physicalLocation: SarifPhysical = SarifPhysical()
    logicalLocations: list[SarifLogical] = []


class SarifRuleRef(_Read):
    id: str | None = None
    index: int | None = None


class SarifResult(_Read):
    ruleId: str | None = None
    ruleIndex: int | None = None
    rule: SarifRuleRef | None = None
    kind: Literal["pass", "open", "informational", "notApplicable", "review", "fail"] = "fail"
    locations: list[SarifLocation] = []


class SarifRun(_Read):
    tool: SarifTool
    results: list[SarifResult] = []


class SarifLog(_Read):
    version: Literal["2.1.0"]
    runs: list[SarifRun]


_CHECKOV_LIST: TypeAdapter[list[CheckovReport]] = TypeAdapter(list[CheckovReport])


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's outcome on one resource."""

    rule: str
    passed: bool
    where: str  # file:line as the scanner reported it
    resource: str = ""


@dataclass
class ScanResults:
    """Everything the results files say, with the files they came from (and their sha256)."""

    sources: dict[str, str] = field(default_factory=dict)  # display path -> sha256
    findings: list[Finding] = field(default_factory=list)
    rules: set[str] = field(default_factory=set)  # rules reported run, passing or not
    failures_only: bool = False  # a SARIF log was read: its silence on a rule is a pass


def read_scans(paths: Sequence[Path], display: dict[Path, str]) -> ScanResults:
    """Read every results file; ``display`` says how each is named in records."""
    scans = ScanResults()
    for path in paths:
        text, digest = read_text_and_digest(path)
        data = parse_json(text, path)
        document = Document(path, text, data if isinstance(data, dict) else {}, digest)
        if isinstance(data, dict) and "runs" in data:
            _read_sarif(document, data, scans)
        elif isinstance(data, list) or (isinstance(data, dict) and "results" in data):
            _read_checkov(document, data, scans)
        else:
            raise InputError.at(
                path,
                "is neither checkov JSON (`checkov -o json`) nor a SARIF 2.1.0 log; "
                "give --scanner-results one of those",
                1,
                1,
            )
        scans.sources[display.get(path, str(path))] = digest
    return scans


def _read_checkov(document: Document, data: object, scans: ScanResults) -> None:
    try:
        reports = (
            _CHECKOV_LIST.validate_python(data)
            if isinstance(data, list)
            else [CheckovReport.model_validate(data)]
        )
    except ValidationError as error:
        raise InputError(schema_problems(document, error, ())) from None
    for report in reports:
        for passed, checks in (
            (True, report.results.passed_checks),
            (False, report.results.failed_checks),
        ):
            for check in checks:
                line = check.file_line_range[0] if check.file_line_range else 0
                where = check.file_path.lstrip("/") + (f":{line}" if line else "")
                scans.findings.append(Finding(check.check_id, passed, where, check.resource))
                scans.rules.add(check.check_id)


def _read_sarif(document: Document, data: object, scans: ScanResults) -> None:
    try:
        log = SarifLog.model_validate(data)
    except ValidationError as error:
        raise InputError(schema_problems(document, error, ())) from None
    scans.failures_only = True
    for run in log.runs:
        rules = [rule.id for rule in run.tool.driver.rules]
        scans.rules.update(rules)
        for result in run.results:
            rule = _rule_id(result, rules)
            if rule is None:
                continue
            where, resource = _location(result)
            passed = result.kind in ("pass", "notApplicable", "informational")
            scans.findings.append(Finding(rule, passed, where, resource))


def _rule_id(result: SarifResult, rules: list[str]) -> str | None:
    if result.ruleId:
        return result.ruleId
    if result.rule and result.rule.id:
        return result.rule.id
    index = (
        result.ruleIndex if result.ruleIndex is not None else (result.rule or SarifRuleRef()).index
    )
    return rules[index] if index is not None and 0 <= index < len(rules) else None


def _location(result: SarifResult) -> tuple[str, str]:
    if not result.locations:
        return "", ""
    first = result.locations[0]
    physical = first.physicalLocation
    line = physical.region.startLine
    where = physical.artifactLocation.uri + (f":{line}" if line else "")
    names = [n.fullyQualifiedName or n.name or "" for n in first.logicalLocations]
    return where, next((n for n in names if n), "")
