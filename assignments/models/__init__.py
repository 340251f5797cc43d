"""Models of the registry and of the assignments, one module per topic."""

from .assignment import Assignment, AssignmentQuerySet, FollowingPeriod, active_on_condition
from .divisions import (
    NEW_MAP_FIRST_DAY,
    OLD_MAP_LAST_DAY,
    Commune,
    CommuneQuerySet,
    District,
    InForce,
    NamedModel,
    Province,
    ValidityQuerySet,
    day_has_districts,
    map_label,
    periods_overlap,
    year_has_districts,
    year_map_day,
)
from .registry import Agency, Cadre, CadreQuerySet, CadreStatusChange

__all__ = [
    "NEW_MAP_FIRST_DAY",
    "OLD_MAP_LAST_DAY",
    "Agency",
    "Assignment",
    "AssignmentQuerySet",
    "Cadre",
    "CadreQuerySet",
    "CadreStatusChange",
    "Commune",
    "CommuneQuerySet",
    "District",
    "FollowingPeriod",
    "InForce",
    "NamedModel",
    "Province",
    "ValidityQuerySet",
    "active_on_condition",
    "day_has_districts",
    "map_label",
    "periods_overlap",
    "year_has_districts",
    "year_map_day",
]
