# ruff: noqa: F811 - fixtures imported from other conftests and used by name
"""One world with a row of every kind a URL can name, and a user of every role."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from activity.models import GroupVisit, Plan, Proposal, Visit, WorkingGroup
from breakthroughs.models import Target, Task, TaskVersion
from core.models import ImportUpload
from evaluations.models import LeftOutPair
from hamlets.models import CommuneMember, Hamlet, HamletAssignment, PartyCell
from reports.models import ReportJob
from tests.activity.conftest import hung_user  # noqa: F401
from tests.evaluations.conftest import (  # noqa: F401
    agency,
    assignments,
    form_a,
    form_b,
    hung,
    lan,
    round_2026,
)
from tests.factories import CadreFactory


@pytest.fixture
def world(  # noqa: F811
    round_2026,
    form_a,
    form_b,
    hung,
    hung_user,
    commune_a,
    commune_a_user,
    commune_b_user,
    leader,
    staff,
    superuser,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path
    other = CadreFactory(full_name="Phạm Văn Ngắn")
    left_out = LeftOutPair.objects.create(
        round=round_2026,
        commune=commune_a,
        cadre=other,
        period_start=date(2026, 11, 1),
        period_end=date(2026, 12, 31),
        days_followed=61,
        reason=LeftOutPair.Reason.TOO_SHORT,
    )
    job = ReportJob(kind=ReportJob.Kind.SUMMARY, year=2026, requested_by=leader)
    job.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    job.status = ReportJob.Status.DONE
    job.save()
    plan = Plan(cadre=hung, year=2026, text="Kế hoạch", submitted_at=timezone.now())
    plan.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.7 plan"), save=False)
    plan.save()
    upload = ImportUpload(kind="communes", original_name="xa.xlsx", uploaded_by=staff)
    upload.file.save("xa.xlsx", ContentFile(b"not read"), save=False)
    upload.save()
    # Following at commune level, all in commune A: commune B tries every one of these ids.
    cell = PartyCell.objects.create(commune=commune_a, name="Chi bộ thôn Đồng Tâm")
    hamlet = Hamlet.objects.create(
        commune=commune_a, code="01", name="Thôn Đồng Tâm", households=212, cell=cell
    )
    member = CommuneMember.objects.create(
        commune=commune_a, full_name="Hà Thị Mai", position=CommuneMember.Position.STANDING
    )
    hamlet_assignment = HamletAssignment.objects.create(
        member=member,
        hamlet=hamlet,
        decision_number="15-QĐ/ĐU",
        decision_date=date(2025, 8, 1),
        start_date=date(2025, 8, 1),
    )
    group = WorkingGroup.objects.create(
        name="Tổ công tác số 1", leader=hung, start_date=date(2026, 1, 5)
    )
    group.communes.add(commune_a)
    # Breakthrough tasks of the cadre Hùng: one registered (awaiting review), one assigned.
    task = Task.objects.create(
        cadre=hung,
        year=2026,
        title="Xóa bỏ lò gạch thủ công",
        field="environment",
        rationale="Ô nhiễm kéo dài nhiều năm",
        objectives="Chấm dứt sản xuất gạch thủ công",
        plan="Vận động, hỗ trợ chuyển đổi nghề",
        start_date=date(2026, 3, 1),
        deadline=date(2026, 12, 31),
        status=Task.Status.REGISTERED,
        created_by=hung_user,
    )
    Target.objects.create(task=task, measure="Lò gạch thủ công được xóa bỏ", unit="lò", value=98)
    TaskVersion.objects.create(
        task=task, number=1, kind="registered", snapshot=task.snapshot(), by=hung_user
    )
    task_assigned = Task.objects.create(
        cadre=hung,
        year=2026,
        title="Chuyển đổi số thủ tục hành chính cấp xã",
        field="administration",
        rationale="Người dân còn đi lại nhiều lần",
        objectives="Toàn bộ thủ tục nộp trực tuyến",
        plan="Đào tạo cán bộ một cửa",
        start_date=date(2026, 2, 1),
        deadline=date(2026, 12, 31),
        status=Task.Status.ASSIGNED,
        approved_at=timezone.now(),
        approved_by=leader,
        focal_point=staff,
        created_by=hung_user,
    )
    Target.objects.create(task=task_assigned, measure="Hồ sơ nộp trực tuyến", unit="%", value=90)
    return {
        "users": {
            "commune_a": commune_a_user,
            "commune_b": commune_b_user,
            "cadre": hung_user,
            "leader": leader,
            "staff": staff,
            "superuser": superuser,
        },
        "form_a": form_a,
        "commune": commune_a,
        "agency": hung.agency,
        "cadre": hung,
        "assignment": hung.assignments.get(),
        "left_out": left_out,
        "job": job,
        "plan": plan,
        "upload": upload,
        "visit": Visit.objects.create(
            cadre=hung, commune=commune_a, day=date(2026, 3, 2), kind="working", content="Làm việc"
        ),
        "proposal": Proposal.objects.create(
            cadre=hung, commune=commune_a, subject="Kiến nghị", content="Nội dung"
        ),
        "cell": cell,
        "hamlet": hamlet,
        "member": member,
        "hamlet_assignment": hamlet_assignment,
        # A member's cell meeting, logged by the commune (confirmed as it logs it).
        "cell_meeting": Visit.objects.create(
            member=member,
            commune=commune_a,
            cell=cell,
            day=date(2026, 4, 10),
            kind="cell",
            content="Sinh hoạt chi bộ định kỳ",
            status="confirmed",
        ),
        "group": group,
        "task": task,
        "task_assigned": task_assigned,
        "group_visit": GroupVisit.objects.create(
            group=group, commune=commune_a, day=date(2026, 2, 3), content="Làm việc với xã"
        ),
    }
