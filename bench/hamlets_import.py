"""A commune imports its hamlets and its members (issue 17): two workbooks, 30 rows each, each
uploaded, checked for the preview and confirmed, as the commune account does in the browser.

    .venv/bin/python bench/hamlets_import.py            # 30 hamlets and 30 members
    .venv/bin/python bench/hamlets_import.py --quick    # the same (the size is the issue's)

The issue: "A commune's import of its 30 hamlets and 30 members takes under a second." The floor
is calamine's read of the same two files in the same process (the reader the engine uses). One
fresh process runs it all, on PostgreSQL when DATABASE_URL names one, else on a fresh SQLite
file; each repetition imports into empty tables, so every row is new.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPETITIONS, Row, django_setup, markdown  # noqa: E402

GOAL_S = 1.0
HAMLETS = MEMBERS = 30
KINDS = ("thôn", "bản", "tổ dân phố", "khu phố", "ấp")
POSITIONS = ("Bí thư", "Phó Bí thư", "Ủy viên Ban Thường vụ", "Đảng ủy viên", "Cán bộ xã")


def build_workbooks(folder):
    from openpyxl import Workbook

    def save(name, header, rows):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Danh sach")
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        path = Path(folder) / name
        workbook.save(path)
        return path

    hamlets = save(
        "thon.xlsx",
        ["Mã thôn", "Tên thôn", "Loại", "Số hộ", "Số tổ tự quản", "Chi bộ", "Hiệu lực từ"],
        [
            (
                f"{n + 1:02d}",
                f"Thôn Thử Nghiệm {n + 1}",
                KINDS[n % len(KINDS)],
                150 + n * 7,
                3 + n % 5,
                f"Chi bộ số {n // 2 + 1}",  # a cell covers two hamlets
                "01/07/2025",
            )
            for n in range(HAMLETS)
        ],
    )
    members = save(
        "can-bo.xlsx",
        ["Họ và tên", "Ngày sinh", "Chức vụ", "Chức danh", "Ngày thôi"],
        [
            (
                f"Nguyễn Văn Thử {n + 1}",
                f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/{1965 + n}",
                POSITIONS[min(n, len(POSITIONS) - 1)],
                "Chủ tịch UBND xã" if n == 1 else "",
                None,
            )
            for n in range(MEMBERS)
        ],
    )
    return hamlets, members


def child(hamlets_path, members_path):
    django_setup()
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from python_calamine import CalamineWorkbook

    from accounts.models import User
    from accounts.roles import Role
    from assignments.models import NEW_MAP_FIRST_DAY, Commune, Province
    from core.models import ImportUpload
    from hamlets.imports import hamlet_import_confirm, hamlet_import_preview
    from hamlets.models import CommuneMember, Hamlet, PartyCell

    province = Province.objects.create(code="25", name="Phú Thọ", valid_from=NEW_MAP_FIRST_DAY)
    commune = Commune.objects.create(
        province=province, code="04792", name="Xã Tân Lạc", valid_from=NEW_MAP_FIRST_DAY
    )
    user = User.objects.create_user(username="xa04792", commune=commune)
    user.groups.add(Group.objects.get(name=Role.COMMUNE))
    files = [("hamlets", Path(hamlets_path)), ("commune_members", Path(members_path))]

    def empty_tables():
        ImportUpload.objects.all().delete()
        Hamlet.objects.all().delete()
        PartyCell.objects.all().delete()
        CommuneMember.objects.all().delete()

    def imported():
        """Upload, preview and confirm each file, as the commune does in the browser."""
        for kind, path in files:
            uploaded = SimpleUploadedFile(path.name, path.read_bytes())
            upload = hamlet_import_preview(kind=kind, uploaded=uploaded, user=user)
            result = hamlet_import_confirm(upload=upload)
            assert result.written and result.new == 30, (result.error_count, result.errors[:3])

    def read_with_calamine():
        count = 0
        for _kind, path in files:
            with path.open("rb") as handle:
                workbook = CalamineWorkbook.from_filelike(handle)
                count += len(workbook.get_sheet_by_index(0).to_python())
                workbook.close()
        return count

    imported()  # loads every module the import needs
    times, floors = [], []
    for _ in range(REPETITIONS):
        empty_tables()
        user = User.objects.get(pk=user.pk)  # a new request's user: permissions not in hand
        started = time.perf_counter()
        imported()
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        count = read_with_calamine()
        floors.append(time.perf_counter() - started)
        assert count == HAMLETS + MEMBERS + 2, count
    assert Hamlet.objects.count() == HAMLETS and CommuneMember.objects.count() == MEMBERS
    print(
        json.dumps(
            {
                "import_s": statistics.median(times),
                "floor_s": statistics.median(floors),
                "database": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
            }
        )
    )


def measure(quick=False):
    from common import run_child

    with tempfile.TemporaryDirectory() as tmp:
        hamlets, members = build_workbooks(tmp)
        figures = run_child(__file__, hamlets, members)
    return [
        Row(
            path=f"a commune imports {HAMLETS} hamlets and {MEMBERS} members (preview + confirm)",
            project=figures["import_s"],
            unit="s",
            floor=figures["floor_s"],
            goal=f"< {GOAL_S:g} s",
            met=figures["import_s"] < GOAL_S,
            note=(
                f"{figures['database']}, median of {REPETITIONS}; two files uploaded, checked and "
                "written; floor: calamine read of the same two files, same process"
            ),
        )
    ]


def main():
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    print(markdown(measure(quick="--quick" in sys.argv)))


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parents[1])
    main()
