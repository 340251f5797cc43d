"""Tasks as the flow leaves them, built through the services (the tests of breakthroughs)."""

from datetime import date

from accounts.roles import Role
from breakthroughs import services
from tests.conftest import make_user
from tests.factories import CadreFactory

YEAR = 2026


def task_data(**changes):
    data = {
        "title": "Xóa bỏ lò gạch thủ công",
        "field": "environment",
        "rationale": "Ô nhiễm kéo dài nhiều năm",
        "objectives": "Chấm dứt sản xuất gạch thủ công",
        "plan": "Vận động, hỗ trợ chuyển đổi nghề",
        "start_date": date(YEAR, 3, 1),
        "deadline": date(YEAR, 12, 31),
        "focal_point": None,
        "decision_number": "",
        "decision_date": None,
        "assigning_body": "Ban Thường vụ Tỉnh ủy",
    }
    data.update(changes)
    return data


def targets(*rows):
    """Targets as a form gives them: ("Lò gạch được xóa bỏ", "lò", 98) or with a direction."""
    rows = rows or (("Lò gạch thủ công được xóa bỏ", "lò", "98"),)
    return [
        {
            "measure": row[0],
            "unit": row[1],
            "value": row[2],
            "direction": row[3] if len(row) > 3 else "at_least",
        }
        for row in rows
    ]


def cadre_with_account(username="hung", **fields):
    cadre = CadreFactory(**fields)
    user = make_user(username, Role.CADRE, full_name=cadre.full_name, cadre=cadre)
    return cadre, user


def draft(cadre, user, *, year=YEAR, target_rows=None, **changes):
    return services.task_create(
        cadre=cadre,
        year=year,
        data=task_data(**changes),
        targets=targets(*(target_rows or ())),
        user=user,
    )


def registered(cadre, user, **kwargs):
    task = draft(cadre, user, **kwargs)
    return services.task_register(task=task, version=task.version, user=user)


def assigned(cadre, user, leader, **kwargs):
    task = registered(cadre, user, **kwargs)
    return services.task_approve(task=task, user=leader)
