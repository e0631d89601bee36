"""The bundled example reviews validate, and their verdicts are the ones their names promise."""

from __future__ import annotations

from orr.assess import assess
from orr.commands.options import make_catalog
from tests.conftest import EXAMPLE_TODAY, EXAMPLES


def test_checkout_api_is_ready_with_a_waiver_and_reasoned_na_items() -> None:
    result = assess(EXAMPLES / "checkout-api.yaml", make_catalog(), EXAMPLE_TODAY)
    assert result.verdict == "READY"
    assert [w.state for w in result.waivers] == ["active"]
    answered_na = [i for i in result.items if i.status == "n/a" and i.na_reason]
    assert len(answered_na) >= 2


def test_ledger_worker_is_not_ready_with_blockers_and_an_expired_waiver() -> None:
    result = assess(EXAMPLES / "ledger-worker.yaml", make_catalog(), EXAMPLE_TODAY)
    assert result.verdict == "NOT READY"
    kinds = {r.kind for r in result.reasons}
    assert kinds == {"blocker", "expired-waiver", "incomplete"}
    assert any(w.state == "expired" for w in result.waivers)
