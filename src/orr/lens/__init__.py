"""Well-Architected custom lens JSON <-> orr checklists: read, check, import and export."""

from orr.lens.checks import check_lens, lens_problems

__all__ = ["check_lens", "lens_problems"]
