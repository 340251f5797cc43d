"""The workbooks of the registry and of the assignments; the engine is core/imports.py."""

from .annex import ANNEX_COLUMNS, AssignmentImport, annex_columns, annex_rows
from .registry import (
    AGENCY_KIND_WORDS,
    COMMUNE_KIND_WORDS,
    GENDER_WORDS,
    AgencyImport,
    CadreImport,
    CommuneImport,
)

IMPORT_SPECS = {
    spec.kind: spec for spec in (CommuneImport, AgencyImport, CadreImport, AssignmentImport)
}

__all__ = [
    "ANNEX_COLUMNS",
    "AssignmentImport",
    "annex_columns",
    "annex_rows",
    "AGENCY_KIND_WORDS",
    "COMMUNE_KIND_WORDS",
    "GENDER_WORDS",
    "IMPORT_SPECS",
    "AgencyImport",
    "CadreImport",
    "CommuneImport",
]
