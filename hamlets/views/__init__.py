"""The commune's own pages for following at commune level (issue 17): read in pages.py,
changes in edit.py, who may do what in common.py."""

from .edit import (
    assignment_end,
    assignment_new,
    cell_edit,
    cell_new,
    hamlet_edit,
    hamlet_new,
    member_edit,
    member_new,
)
from .pages import cell_list, commune_overview, coverage, hamlet_history, home, member_list

__all__ = [
    "assignment_end",
    "assignment_new",
    "cell_edit",
    "cell_list",
    "cell_new",
    "commune_overview",
    "coverage",
    "hamlet_edit",
    "hamlet_history",
    "hamlet_new",
    "home",
    "member_edit",
    "member_list",
    "member_new",
]
