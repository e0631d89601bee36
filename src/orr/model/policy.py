"""The settings file, `.orr.toml` or `[tool.orr]` in pyproject.toml: the gate's policy and
where a project's own checklists live."""

from __future__ import annotations

from pydantic import Field

from orr.model.base import Strict
from orr.model.fields import Text


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


class Settings(Policy):
    """Everything the settings file may hold: the policy, and checklist folders."""

    #: folders of checklists, relative to the settings file, searched before the bundled ones
    checklists: list[Text] = []
    #: overlay files, relative to the settings file, applied in order (orr.overlay)
    overlays: list[Text] = []
