from django.urls import path

from .views import accounts, forms, rounds

app_name = "evaluations"

urlpatterns = [
    path("", forms.home, name="home"),
    path("mine/", forms.mine, name="mine"),
    path("forms/<int:pk>/", forms.form_detail, name="form"),
    path("forms/<int:pk>/print/", forms.form_print, name="print"),
    path("forms/<int:pk>/edit/", forms.form_staff_edit, name="staff_edit"),
    path("forms/<int:pk>/accept/", forms.form_accept, name="accept"),
    path("forms/<int:pk>/return/", forms.form_return, name="return"),
    path("forms/<int:pk>/drop/", forms.form_drop, name="drop"),
    path("rounds/", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:year>/", rounds.round_detail, name="round"),
    path("rounds/<int:year>/edit/", rounds.round_edit, name="round_edit"),
    path("rounds/<int:year>/criteria/", rounds.criteria_edit, name="criteria"),
    path("rounds/<int:year>/open/", rounds.round_open, name="round_open"),
    path("rounds/<int:year>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:year>/remind/", rounds.round_remind, name="round_remind"),
    path("rounds/<int:year>/extend/", rounds.round_extend, name="round_extend"),
    path("rounds/<int:year>/missing/", rounds.missing_list, name="missing"),
    path("left-out/<int:pk>/add/", rounds.left_out_add, name="left_out_add"),
    path("accounts/", accounts.commune_accounts, name="commune_accounts"),
]
