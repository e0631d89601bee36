"""The gate's policy: thresholds read from `.orr.toml` or `[tool.orr]` in pyproject.toml."""

from __future__ import annotations

from pydantic import Field

from orr.model.base import Strict


class Policy(Strict):
    """The gate's thresholds (`.orr.toml` or `[tool.orr]`)."""

    min_score: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    max_high_risks: int | None = Field(default=None, ge=0)
    unanswered_blocks: bool = True
    waiver_warning_days: int = Field(default=30, ge=0)
    fail_on_warnings: bool = False
    contradicted_blocks: bool = False  # an answer its check contradicts blocks the gate
    min_answered: float = Field(default=100, ge=0, le=100, allow_inf_nan=False)
    max_age_days: int = Field(default=365, ge=1)
    stale_blocks: bool = False
