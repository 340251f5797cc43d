"""Commune accounts made before issue 15 are named "Đảng ủy Xã Hợp Kim"; they become "Đảng ủy xã
Hợp Kim" (assignments.models.divisions.committee_name). A name someone changed by hand is kept."""

from django.db import migrations

from assignments.models.divisions import committee_name

# Commune.KIND_ALIASES' first words, as the kinds stood when this migration was written.
KIND_WORDS = {"xa": "xã", "phuong": "phường", "thi_tran": "thị trấn", "dac_khu": "đặc khu"}


def rename(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(commune__isnull=False).select_related("commune"):
        commune = user.commune
        if user.full_name != f"Đảng ủy {commune.name}":
            continue
        user.full_name = committee_name(commune.name, KIND_WORDS.get(commune.kind, "xã"))
        user.save(update_fields=["full_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_cadre"),
        ("assignments", "0006_agency_leader_quota_max"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
