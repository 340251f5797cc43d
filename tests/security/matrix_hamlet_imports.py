"""Permission matrix rows (test_permission_matrix.MATRIX), following at every level: hamlet_imports.
Same format: name: (kwargs from the world, GET row, POST row).

Staff and commune accounts import (a commune for its own commune); leaders and cadres do not.
The upload named is commune A's own: commune B, staff and the superuser get 404 (not theirs)."""


def _commune_a_upload(world):
    """A checked upload of commune A's hamlets, its file no longer kept (confirming it says so
    and redirects)."""
    from core.imports import ImportResult
    from core.models import ImportUpload

    result = ImportResult(kind="hamlets", dry_run=True, rows=1, new=1)
    return ImportUpload.objects.create(
        kind="hamlets",
        original_name="thon.xlsx",
        uploaded_by=world["users"]["commune_a"],
        status=ImportUpload.Status.CHECKED,
        result=result.as_dict(),
    )


ROWS = {
    "hamlet_imports:import_start": (
        None,
        "login 200 200 403 403 200 200",
        "login 200 200 403 403 200 200",
    ),
    "hamlet_imports:import_preview": (
        lambda w: {"pk": _commune_a_upload(w).pk},
        "login 200 404 403 403 404 404",
        "login 200 404 403 403 404 404",
    ),
    "hamlet_imports:import_confirm": (
        lambda w: {"pk": _commune_a_upload(w).pk},
        "405 405 405 405 405 405 405",
        "login 302 404 403 403 404 404",
    ),
    # Only staff say what unknown values mean: commune A may see its upload, not map (403).
    "hamlet_imports:import_map": (
        lambda w: {"pk": _commune_a_upload(w).pk},
        "405 405 405 405 405 405 405",
        "login 403 404 403 403 404 404",
    ),
    "hamlet_imports:import_template": (
        lambda w: {"kind": "hamlets"},
        "login 200 200 403 403 200 200",
        "login 200 200 403 403 200 200",
    ),
}
