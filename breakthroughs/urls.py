"""Breakthrough tasks: a cadre's own, the province's list, review, approval and conclusion."""

from django.urls import path

from .views import cadre, lists, review

app_name = "breakthroughs"

urlpatterns = [
    # the province's pages (staff and leaders)
    path("", lists.task_list, name="list"),
    path("print/", lists.print_list, name="print"),
    path("export/", lists.export_list, name="export"),
    path("deadlines/", lists.deadlines, name="deadlines"),
    # the cadre's own
    path("mine/", cadre.mine, name="mine"),
    path("new/", cadre.task_new, name="new"),
    path("<int:pk>/", review.task_detail, name="task"),
    path("<int:pk>/edit/", cadre.task_edit, name="edit"),
    path("<int:pk>/register/", cadre.task_register, name="register"),
    path("<int:pk>/progress/", cadre.progress_new, name="progress"),
    path("<int:pk>/self-assessment/", cadre.self_assessment, name="self_assessment"),
    path("<int:pk>/focal-assessment/", cadre.focal_assessment, name="focal_assessment"),
    path("progress/<int:pk>/file/", cadre.progress_file, name="progress_file"),
    # review steps, posted from the task page
    path("<int:pk>/comment/", review.task_comment, name="comment"),
    path("<int:pk>/return/", review.task_return, name="return"),
    path("<int:pk>/approve/", review.task_approve, name="approve"),
    path("<int:pk>/conclude/", review.task_conclude, name="conclude"),
    path("<int:pk>/remark/", review.task_remark, name="remark"),
    path("<int:pk>/drop/", review.task_drop, name="drop"),
    path("<int:pk>/carry/", review.task_carry, name="carry"),
]
