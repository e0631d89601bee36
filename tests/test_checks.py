"""The probes of `orr check`, one kind at a time: pass, fail and unknown, on small files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orr.catalog import Catalog
from orr.checks.documents import parse_documents
from orr.checks.probes import ProbeResult, run
from orr.checks.query import search, truthy
from orr.checks.scanners import ScanResults, read_scans
from orr.checks.workspace import Workspace
from orr.errors import InputError
from orr.model.checks import FilesCheck, QueryCheck, ScannerCheck

TABLE = """\
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: {pitr}
  Queue:
    Type: AWS::SQS::Queue
"""
PITR = QueryCheck(
    query="Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
    files=["infra/*.yaml"],
    for_each="Resources",
    where="Type == 'AWS::DynamoDB::Table'",
)


def repo(tmp_path: Path, files: dict[str, str]) -> Workspace:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return Workspace(tmp_path)


def probe(check: Any, workspace: Workspace, scans: ScanResults | None = None) -> ProbeResult:
    return run(check, workspace, scans or ScanResults())


# --- files --------------------------------------------------------------------------------


def test_files_pass_when_every_glob_matches(tmp_path: Path) -> None:
    ws = repo(tmp_path, {"runbooks/a.md": "x", "runbooks/b.md": "y", "docs/slo.md": "z"})
    result = probe(FilesCheck(files=["runbooks/*.md", "docs/slo.md"]), ws)
    assert result.outcome == "pass"
    assert [p for p, _ in result.files] == ["docs/slo.md", "runbooks/a.md", "runbooks/b.md"]


def test_files_fail_naming_the_glob_that_matched_nothing(tmp_path: Path) -> None:
    ws = repo(tmp_path, {"runbooks/a.md": "x"})
    result = probe(FilesCheck(files=["runbooks/*.md", "docs/slo.md"]), ws)
    assert (result.outcome, result.failed) == ("fail", ("no file matches docs/slo.md",))


def test_files_contains_one_file_is_enough_unless_each(tmp_path: Path) -> None:
    ws = repo(tmp_path, {"runbooks/a.md": "Escalate to ops", "runbooks/b.md": "dashboards"})
    one = probe(FilesCheck(files=["runbooks/*.md"], contains="(?i)escalat"), ws)
    each = probe(FilesCheck(files=["runbooks/*.md"], contains="(?i)escalat", each=True), ws)
    assert one.outcome == "pass"
    assert (each.outcome, each.failed) == (
        "fail",
        ("runbooks/b.md: does not contain /(?i)escalat/",),
    )


def test_files_contains_in_no_file_fails(tmp_path: Path) -> None:
    ws = repo(tmp_path, {"runbooks/a.md": "dashboards"})
    result = probe(FilesCheck(files=["runbooks/*.md"], contains="escalat"), ws)
    assert result.failed == ("none of runbooks/a.md contains /escalat/",)


def test_files_never_match_inside_git_or_through_a_link_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    ws = repo(tmp_path / "repo", {".git/notes.md": "x"})
    (tmp_path / "repo" / "linked.md").symlink_to(outside / "secret.md")
    assert ws.glob("**/*.md") == ()


# --- query --------------------------------------------------------------------------------


def test_query_passes_when_it_holds_for_every_selected_thing(tmp_path: Path) -> None:
    ws = repo(tmp_path, {"infra/app.yaml": TABLE.format(pitr="true")})
    result = probe(PITR, ws)
    assert result.outcome == "pass"
    assert result.files[0][0] == "infra/app.yaml"


def test_query_fails_with_the_file_line_and_resource(tmp_path: Path) -> None:
    ws = repo(tmp_path, {"infra/app.yaml": TABLE.format(pitr="false")})
    result = probe(PITR, ws)
    assert (result.outcome, result.failed) == (
        "fail",
        ("infra/app.yaml:2: Orders fails the check",),
    )


def test_query_is_unknown_when_no_file_matches(tmp_path: Path) -> None:
    result = probe(PITR, repo(tmp_path, {"other.yaml": "a: 1"}))
    assert (result.outcome, result.note) == ("unknown", "no file matches infra/*.yaml")


def test_query_is_unknown_when_nothing_is_selected(tmp_path: Path) -> None:
    ws = repo(tmp_path, {"infra/app.yaml": "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"})
    result = probe(PITR, ws)
    assert (result.outcome, result.note) == ("unknown", "nothing in infra/app.yaml is selected")


def test_query_reads_cloudformation_short_tags_as_plain_data(tmp_path: Path) -> None:
    template = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      FunctionName: !Sub "${AWS::StackName}-fn"
      Environment:
        Variables:
          TABLE: !Ref Orders
          MODE: !If [IsProd, fast, !Ref "AWS::NoValue"]
          LIST: !Join [",", [a, !Select [0, !GetAZs ""]]]
"""
    ws = repo(tmp_path, {"t.yaml": template})
    [document] = ws.documents("t.yaml")
    props = document["Resources"]["Fn"]["Properties"]
    assert props["Role"] == {"Fn::GetAtt": ["Role", "Arn"]}
    assert props["FunctionName"] == {"Fn::Sub": "${AWS::StackName}-fn"}
    assert props["Environment"]["Variables"] == {
        "TABLE": {"Ref": "Orders"},
        "MODE": {"Fn::If": ["IsProd", "fast", {"Ref": "AWS::NoValue"}]},
        "LIST": {"Fn::Join": [",", ["a", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}]]},
    }
    check = QueryCheck(
        query="Properties.Environment.Variables.TABLE.Ref == 'Orders'",
        files=["t.yaml"],
        for_each="Resources",
    )
    assert probe(check, ws).outcome == "pass"


def test_templates_never_construct_python_objects(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        parse_documents("a: !!python/object/apply:os.system [echo hi]\n", tmp_path / "t.yaml")
    assert str(caught.value) == (
        f"{tmp_path / 't.yaml'}:1:4: the tag !!python/object/apply:os.system is not allowed: "
        "templates are read as plain data; fix the file or leave it out of the check's glob"
    )


def test_query_over_a_terraform_plan(tmp_path: Path) -> None:
    plan = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_dynamodb_table.orders",
                        "type": "aws_dynamodb_table",
                        "values": {"point_in_time_recovery": [{"enabled": True}]},
                    },
                    {
                        "address": "aws_dynamodb_table.audit",
                        "type": "aws_dynamodb_table",
                        "values": {"point_in_time_recovery": [{"enabled": False}]},
                    },
                    {"address": "aws_s3_bucket.assets", "type": "aws_s3_bucket", "values": {}},
                ]
            }
        },
    }
    ws = repo(tmp_path, {"plan.json": json.dumps(plan, indent=2)})
    check = QueryCheck(
        query="values.point_in_time_recovery[0].enabled",
        files=["*.json"],
        for_each="planned_values.root_module.resources",
        where="type == 'aws_dynamodb_table'",
    )
    result = probe(check, ws)
    assert (result.outcome, result.failed) == (
        "fail",
        ("plan.json: aws_dynamodb_table.audit fails the check",),
    )


def test_query_over_kubernetes_manifests_with_several_documents(tmp_path: Path) -> None:
    manifests = """\
kind: Service
metadata: {name: web}
---
kind: Deployment
metadata: {name: web}
spec: {replicas: 1}
---
kind: Deployment
metadata: {name: api}
spec: {replicas: 3}
"""
    ws = repo(tmp_path, {"k8s/all.yaml": manifests})
    check = QueryCheck(
        query="spec.replicas >= `2`", files="k8s/*.yaml", where="kind == 'Deployment'"
    )
    result = probe(check, ws)
    assert result.failed == ("k8s/all.yaml (document 2): web fails the check",)


def test_each_file_is_read_and_parsed_once_however_many_probes_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = repo(tmp_path, {"infra/app.yaml": TABLE.format(pitr="true")})
    import orr.checks.workspace as workspace

    reads: list[Path] = []
    real = workspace.read_text_and_digest

    def counting(path: Path) -> tuple[str, str]:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(workspace, "read_text_and_digest", counting)
    for _ in range(3):
        probe(PITR, ws)
        probe(FilesCheck(files=["infra/*.yaml"], contains="Orders"), ws)
    assert reads == [tmp_path / "infra/app.yaml"]


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=3),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
        max_leaves=5,
    )
)
def test_truth_is_jmespaths_own(value: Any) -> None:
    import jmespath

    assert truthy(value) == bool(jmespath.search("[@][?@]", value))  # a filter keeps truthy


WHERES = sorted(
    {
        probe.where
        for checklist in Catalog.with_bundled().ids()
        for _, item in Catalog.with_bundled().load(checklist).iter_items()
        for probe in item.checks
        if isinstance(probe, QueryCheck) and probe.where
    }
    | {
        "Type == 'a' || Type == 'b'",
        "'a' == Type && Name == 'x'",
        'contains(`["a", "b"]`, Type) || Type == \'c\'',
        "Type == 'a' || Name == 'x'",
        "!(Type == 'a')",
        "Type != 'a'",
        "contains('abc', Type)",
    }
)
TYPES = st.sampled_from(["a", "b", "c", "AWS::SQS::Queue", "AWS::Lambda::Function", ""])
THINGS = st.dictionaries(
    st.sampled_from(["Type", "Name", "Properties"]),
    TYPES | st.none() | st.integers() | st.lists(TYPES, max_size=2),
    max_size=3,
)


@pytest.mark.parametrize("where", WHERES)
@given(thing=THINGS)
def test_the_prefilter_never_rules_out_a_thing_the_clause_selects(where: str, thing: Any) -> None:
    import jmespath

    from orr.checks import prefilter

    condition = prefilter.necessary(jmespath.compile(where).parsed)
    try:
        holds = truthy(search(where, thing))
    except (jmespath.exceptions.JMESPathError, TypeError):
        return
    if holds:
        assert prefilter.admits(condition, thing)
    if condition is not None and condition[2]:  # exact: the lookup alone decides
        assert holds == prefilter.admits(condition, thing)


def test_the_prefilter_reads_the_common_shapes() -> None:
    import jmespath

    from orr.checks import prefilter

    def read(where: str) -> object:
        return prefilter.necessary(jmespath.compile(where).parsed)

    assert read("Type == 'a' || (Type == 'b' && Properties.Type == 'network')") == (
        "Type",
        frozenset({"a", "b"}),
        False,
    )
    assert read("Type == 'a' || contains(['b'], Type)") == ("Type", frozenset({"a", "b"}), True)
    assert read("contains(['a', 'b'], type) && x") == ("type", frozenset({"a", "b"}), False)
    assert read("Type == 'a' || Name == 'x'") is None
    assert read("!(Type == 'a')") is None


FOR_EACH = st.sampled_from([None, "Resources", "Resources.*", "items"])
DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={
        "Resources": st.dictionaries(st.text("ABQ", max_size=2), THINGS | st.none(), max_size=6)
        | st.lists(THINGS | st.integers(), max_size=6),
        "items": st.lists(THINGS | TYPES, max_size=6),
        "Type": TYPES,
    },
)


@pytest.mark.parametrize("where", [*WHERES, None])
@given(documents=st.lists(DOCUMENTS, min_size=1, max_size=2), for_each=FOR_EACH)
def test_the_field_index_selects_exactly_what_asking_every_thing_selects(
    where: str | None, documents: list[Any], for_each: str | None
) -> None:
    from orr.checks.query import FileView, entries, selects

    view = FileView("infra/app.yaml", "", documents)
    for number, document in enumerate(documents):
        every = [
            (key, thing)
            for key, thing in entries(for_each, document)
            if where is None or selects(where, thing)
        ]
        for _ in range(2):  # the second time from the index already built
            picked = view.things(number, for_each, where)
            assert [k for k, _ in picked] == [k for k, _ in every]
            assert all(a is b for (_, a), (_, b) in zip(picked, every, strict=True))


def test_things_of_several_types_keep_the_document_s_order() -> None:
    from orr.checks.query import FileView

    resources = {n: {"Type": t} for n, t in [("Q1", "b"), ("T1", "a"), ("Q2", "b"), ("X", "c")]}
    view = FileView("infra/app.yaml", "", [{"Resources": resources}])
    picked = view.things(0, "Resources", "contains(['a', 'b'], Type)")
    assert [key for key, _ in picked] == ["Q1", "T1", "Q2"]
    picked = view.things(0, "Resources", "(Type == 'a' || Type == 'b') && Type != 'a'")
    assert [key for key, _ in picked] == ["Q1", "Q2"]


# --- scanner ------------------------------------------------------------------------------

CHECKOV = {
    "check_type": "cloudformation",
    "results": {
        "passed_checks": [
            {
                "check_id": "CKV_AWS_28",
                "resource": "AWS::DynamoDB::Table.Orders",
                "file_path": "/infra/app.yaml",
                "file_line_range": [3, 9],
            }
        ],
        "failed_checks": [
            {
                "check_id": "CKV_AWS_28",
                "resource": "AWS::DynamoDB::Table.Audit",
                "file_path": "/infra/app.yaml",
                "file_line_range": [10, 14],
            }
        ],
    },
}


def scans(tmp_path: Path, *documents: object) -> ScanResults:
    paths = []
    for n, document in enumerate(documents):
        path = tmp_path / f"results-{n}.json"
        path.write_text(json.dumps(document))
        paths.append(path)
    return read_scans(paths, {p: p.name for p in paths})


def test_scanner_fails_listing_the_failing_resources(tmp_path: Path) -> None:
    result = probe(
        ScannerCheck(scanner=["CKV_AWS_28"]), Workspace(tmp_path), scans(tmp_path, CHECKOV)
    )
    assert (result.outcome, result.failed) == (
        "fail",
        ("infra/app.yaml:10: AWS::DynamoDB::Table.Audit: CKV_AWS_28 failed",),
    )
    assert [name for name, _ in result.files] == ["results-0.json"]


def test_scanner_passes_when_every_result_passed(tmp_path: Path) -> None:
    passing = json.loads(json.dumps(CHECKOV))
    passing["results"]["failed_checks"] = []
    result = probe(
        ScannerCheck(scanner=["CKV_AWS_28"]), Workspace(tmp_path), scans(tmp_path, [passing])
    )
    assert result.outcome == "pass"


def test_scanner_is_unknown_without_results_or_word_of_the_rule(tmp_path: Path) -> None:
    check = ScannerCheck(scanner=["CKV_AWS_999"])
    none = probe(check, Workspace(tmp_path))
    silent = probe(check, Workspace(tmp_path), scans(tmp_path, CHECKOV))
    assert (none.outcome, none.note) == (
        "unknown",
        "no scanner results were given (--scanner-results)",
    )
    assert (silent.outcome, silent.note) == (
        "unknown",
        "the scanner results say nothing of CKV_AWS_999",
    )


SARIF = {
    "version": "2.1.0",
    "runs": [
        {
            "tool": {"driver": {"name": "cfn-lint", "rules": [{"id": "W3011"}, {"id": "E3002"}]}},
            "results": [
                {
                    "ruleIndex": 0,
                    "level": "warning",
                    "message": {"text": "Both UpdateReplacePolicy and DeletionPolicy are needed"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "infra/app.yaml"},
                                "region": {"startLine": 12},
                            },
                            "logicalLocations": [{"name": "Database"}],
                        }
                    ],
                },
                {"ruleId": "E3002", "kind": "pass", "message": {"text": "ok"}},
            ],
        }
    ],
}


def test_sarif_lists_failures_so_silence_on_a_rule_is_a_pass(tmp_path: Path) -> None:
    ws, results = Workspace(tmp_path), scans(tmp_path, SARIF)
    failing = probe(ScannerCheck(scanner=["W3011"]), ws, results)
    assert failing.failed == ("infra/app.yaml:12: Database: W3011 failed",)
    assert probe(ScannerCheck(scanner=["E3002"]), ws, results).outcome == "pass"
    assert probe(ScannerCheck(scanner=["E1001"]), ws, results).outcome == "pass"


# --- what an item's checks add up to ----------------------------------------------------


@pytest.mark.parametrize(
    ("outcomes", "item", "proposal"),
    [
        (("pass", "unknown"), "pass", "met"),
        (("pass", "fail"), "fail", "unmet"),
        (("unknown", "unknown"), "unknown", None),
    ],
)
def test_an_item_fails_on_one_failure_and_passes_on_one_pass(
    outcomes: tuple[str, ...], item: str, proposal: str | None
) -> None:
    from orr.checks.run import ItemCheck

    results = tuple(ProbeResult(f"check {n}", o) for n, o in enumerate(outcomes))  # type: ignore[arg-type]
    checked = ItemCheck("c/i", "q?", None, results)
    assert (checked.outcome, checked.proposal) == (item, proposal)
    assert ItemCheck("c/i", "q?", None, results, has_choices=True).proposal is None
