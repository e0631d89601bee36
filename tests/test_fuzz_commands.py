"""Hostile input never makes `gate`, `report`, `diff` or `lens import` crash: exit 0, 1 or 2.

The inputs mix random structure with the classes of issue 21: control characters, NUL and
BEL, lone surrogate escapes, huge integers, non-finite and absurd weights, aliases, very long
names and pins. Whatever the input, no traceback, no exit 3, and nothing written when the
input is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CliRunner

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TODAY = ("--today", "2026-11-23")

HOSTILE_TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=8),  # C0 and C1 controls
    st.sampled_from(
        ["demo\x1b[2J", "sre\x1b]0;pwned\x07", "a\rb", "\u202e", "\ud800", "\udfff", "x" * 300,
         "../../x", "/tmp/abs", "zonal-shift@", "zonal-shift@<script>", "zonal-shift@1.0.0"]
    ),
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(),
    st.floats(),  # NaN and infinities included
    st.sampled_from([2**64, 1.7e308, -0.0]),  # integers past 4,300 digits: see SNIPPETS
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, HOSTILE_TEXT)
REFS = st.one_of(
    st.sampled_from(["zonal-shift/cross-zone-off", "zonal-shift/zone-local-calls"]),
    HOSTILE_TEXT.map(lambda s: f"zonal-shift/{s}"),
)
ANSWERS = st.dictionaries(
    REFS,
    st.one_of(
        st.fixed_dictionaries(
            {"status": st.sampled_from(["met", "partial", "unmet", "n/a"])},
            optional={"notes": HOSTILE_TEXT, "evidence": st.lists(HOSTILE_TEXT, max_size=3)},
        ),
        SCALARS,
    ),
    max_size=4,
)
REVIEWS = st.fixed_dictionaries(
    {
        "service": st.one_of(HOSTILE_TEXT, SCALARS),
        "owner": st.one_of(HOSTILE_TEXT, SCALARS),
        "checklists": st.one_of(
            st.just(["zonal-shift"]), st.lists(HOSTILE_TEXT, min_size=1, max_size=2)
        ),
    },
    optional={
        "answers": ANSWERS,
        "context": st.dictionaries(HOSTILE_TEXT, SCALARS, max_size=3),
        "waivers": st.lists(
            st.fixed_dictionaries(
                {
                    "item": REFS,
                    "reason": HOSTILE_TEXT,
                    "approved_by": HOSTILE_TEXT,
                    "expires": st.sampled_from(["2026-12-31", "2020-01-01", "soon"]),
                }
            ),
            max_size=2,
        ),
    },
)
#: Raw text appended to a review: what a structure cannot say.
SNIPPETS = st.sampled_from(
    [
        "",
        "notes: \x00\n",
        'owner: "a\x07b"\n',
        'x: &s "' + "y" * 1000 + '"\n' + "".join(f"k{n}: *s\n" for n in range(5)),
        "big: " + "9" * 5000 + "\n",
        "date: 2026-13-45\n",
        "service: !!python/object/apply:os.system ['true']\n",
    ]
)


def _write(tmp_path: Path, data: dict[str, object], as_json: bool, snippet: str) -> Path:
    if as_json:
        path = tmp_path / "review.json"
        path.write_text(json.dumps(data, ensure_ascii=True, default=str))  # escapes surrogates
    else:
        path = tmp_path / "review.yaml"
        text = yaml.safe_dump(
            json.loads(json.dumps(data, default=str)), allow_unicode=False, width=1000
        )
        path.write_text(snippet + text, encoding="utf-8", errors="backslashreplace")
    return path


def _sane(run: object, *, codes: tuple[int, ...] = (0, 1, 2)) -> None:
    code, out, err = run.code, run.out, run.err  # type: ignore[attr-defined]
    assert code in codes, err
    assert "Traceback" not in out + err
    assert "internal error" not in err


@SETTINGS
@given(REVIEWS, st.booleans(), SNIPPETS)
def test_gate_report_and_diff_never_crash(
    cli: CliRunner, tmp_path: Path, data: dict[str, object], as_json: bool, snippet: str
) -> None:
    path = _write(tmp_path, data, as_json, snippet)
    out = tmp_path / "out"
    for args in (
        ["gate", path, *TODAY, "--min-score", "90", "--json", out / "r.json"],
        ["report", path, *TODAY, "--output-dir", out],
        ["diff", path, path, *TODAY],
    ):
        run = cli(*args)
        _sane(run)
        if run.code == 2:
            assert not out.exists() or not any(out.iterdir()), args


WEIGHTS = st.one_of(NUMBERS, st.none(), HOSTILE_TEXT)


@SETTINGS
@given(st.lists(WEIGHTS, min_size=1, max_size=3), st.sampled_from(["met", "unmet", "partial"]))
def test_any_weight_is_refused_or_scored_as_a_finite_number(
    cli: CliRunner, tmp_path: Path, weights: list[object], status: str
) -> None:
    items = [{"id": f"item-{n}", "question": "Ready?", "weight": w} for n, w in enumerate(weights)]
    checklist = {"id": "w", "title": "W", "version": "1.0.0",
                 "sections": [{"id": "s", "title": "S", "items": items}]}  # fmt: skip
    (tmp_path / "w.yaml").write_text(yaml.safe_dump(checklist))
    answers = {f"w/item-{n}": {"status": status} for n in range(len(weights))}
    review = tmp_path / "r.yaml"
    review.write_text(yaml.safe_dump({"service": "s", "owner": "o", "checklists": ["w"],
                                      "answers": answers}))  # fmt: skip
    run = cli("gate", review, "--checklists", tmp_path, "--min-score", "90", *TODAY,
              "--json", tmp_path / "r.json")  # fmt: skip
    _sane(run)
    if run.code != 2:
        text = (tmp_path / "r.json").read_text()
        result = json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
        assert isinstance(result["score"], int | float)
        assert (run.code == 0) == (status == "met")


LENS_TEXT = st.one_of(HOSTILE_TEXT, st.sampled_from(["ops_pillar", "question_one", "choice_a"]))
CHOICES = st.lists(
    st.fixed_dictionaries(
        {"id": LENS_TEXT, "title": LENS_TEXT},
        optional={"improvementPlan": st.fixed_dictionaries({"displayText": LENS_TEXT})},
    ),
    max_size=3,
)
LENSES = st.fixed_dictionaries(
    {
        "schemaVersion": st.sampled_from(["2021-11-01", "1999"]),
        "name": LENS_TEXT,
        "description": LENS_TEXT,
        "pillars": st.lists(
            st.fixed_dictionaries(
                {
                    "id": LENS_TEXT,
                    "name": LENS_TEXT,
                    "questions": st.lists(
                        st.fixed_dictionaries(
                            {"id": LENS_TEXT, "title": LENS_TEXT, "choices": CHOICES},
                            optional={
                                "riskRules": st.lists(
                                    st.fixed_dictionaries(
                                        {
                                            "condition": st.one_of(LENS_TEXT, st.just("default")),
                                            "risk": st.sampled_from(["HIGH_RISK", "NO_RISK", "x"]),
                                        }
                                    ),
                                    max_size=2,
                                ),
                                "helpfulResource": st.fixed_dictionaries({"displayText": SCALARS}),
                            },
                        ),
                        max_size=2,
                    ),
                }
            ),
            max_size=2,
        ),
    }
)


@SETTINGS
@given(LENSES)
def test_lens_import_and_validate_never_crash(
    cli: CliRunner, tmp_path: Path, lens: dict[str, object]
) -> None:
    path = tmp_path / "lens.json"
    path.write_text(json.dumps(lens, ensure_ascii=True))
    out = tmp_path / "out" / "checklist.yaml"
    _sane(cli("lens", "validate", path))
    run = cli("lens", "import", path, "-o", out)
    _sane(run)
    if run.code == 2:
        assert not out.exists()
