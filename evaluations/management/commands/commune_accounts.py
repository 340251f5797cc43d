"""Commune accounts from the command line, for the communes of a round on either map.

It lives in evaluations because a round decides its communes (`evaluations.communes`); the
accounts themselves are made by `accounts.services`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import (
    commune_accounts_create,
    commune_password_reset,
    credentials_sheet_write,
)
from assignments.models import Commune
from core.formats import ddmmyyyy
from evaluations.communes import round_communes
from evaluations.models import EvaluationRound


def _describe(commune):
    """One line naming a commune beyond doubt: code, name, district, validity, account."""
    period = _("in force %(start)s–%(end)s") % {
        "start": ddmmyyyy(commune.valid_from) or "…",
        "end": ddmmyyyy(commune.valid_to) or "…",
    }
    account = next(iter(commune.accounts.all()), None)
    login = account.username if account else _("no account yet")
    return f"  {commune.code}  {commune.full_name} ({period}; {login})"


class Command(BaseCommand):
    help = (
        "Create the missing commune accounts and write the credentials sheet (--out FILE.xlsx): "
        "the communes of the round of --year YEAR, or without it the communes in force today. "
        "--reset LOGIN, or --reset CODE [--year YEAR], issues a new password for one commune."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the credentials workbook to write")
        parser.add_argument("--year", type=int, help="the round whose communes get accounts")
        parser.add_argument(
            "--reset",
            metavar="LOGIN_OR_CODE",
            help="an account's login (xa04792), or a commune code: a new password",
        )

    def handle(self, *args, **options):
        evaluation_round = self._round(options["year"])
        if evaluation_round:
            communes = round_communes(evaluation_round)
        else:
            communes = Commune.objects.valid_on(timezone.localdate())
        commune = None
        if options["reset"]:
            commune = self._commune_to_reset(options["reset"], evaluation_round, communes)
        # The accounts and the sheet go together: if the sheet cannot be written, no account
        # is made and no password changed (it would exist nowhere).
        with transaction.atomic():
            if commune:
                rows = [commune_password_reset(commune=commune)]
            else:
                rows = commune_accounts_create(communes=communes)
                if not rows:
                    self.stdout.write(_("Every commune already has an account."))
                    return
            try:
                credentials_sheet_write(rows=rows, path=options["out"])
            except OSError as exc:
                raise CommandError(
                    _("Cannot write %(path)s: %(error)s")
                    % {"path": options["out"], "error": exc.strerror}
                ) from exc
        self.stdout.write(
            _(
                "%(count)d account(s) written to %(path)s. Hand the sheet out and keep it safe: "
                "passwords are not stored in clear anywhere else."
            )
            % {"count": len(rows), "path": options["out"]}
        )

    def _round(self, year):
        if year is None:
            return None
        evaluation_round = EvaluationRound.objects.filter(year=year).first()
        if evaluation_round is None:
            years = ", ".join(
                str(y)
                for y in EvaluationRound.objects.order_by("year").values_list("year", flat=True)
            )
            raise CommandError(
                _("There is no evaluation round for %(year)s (rounds: %(years)s).")
                % {"year": year, "years": years or "—"}
            )
        return evaluation_round

    def _commune_to_reset(self, reference, evaluation_round, communes):
        """The commune named by an account's login, or by its code: among the round's communes
        with --year, else among the communes of every map, refusing a code several hold."""
        account = (
            User.objects.filter(username=reference, commune__isnull=False)
            .select_related("commune__district")
            .first()
        )
        if account:
            if evaluation_round and not communes.filter(pk=account.commune_id).exists():
                raise CommandError(
                    _(
                        "The account %(login)s belongs to %(commune)s, which is not a commune of "
                        "the %(year)s round."
                    )
                    % {
                        "login": reference,
                        "commune": account.commune.full_name,
                        "year": evaluation_round.year,
                    }
                )
            return account.commune
        try:
            code = Commune.normalise_code(reference)
        except ValidationError as exc:
            raise CommandError(
                _("%(value)s is neither the login of a commune account nor a commune code.")
                % {"value": reference}
            ) from exc
        holders = communes if evaluation_round else Commune.objects.all()
        holders = list(
            holders.filter(code=code)
            .select_related("district")
            .prefetch_related("accounts")
            .order_by("valid_from", "pk")
        )
        if not holders:
            if evaluation_round:
                raise CommandError(
                    _("No commune of the %(year)s round has the code %(code)s.")
                    % {"year": evaluation_round.year, "code": code}
                )
            raise CommandError(_("No commune has the code %(code)s.") % {"code": code})
        if len(holders) > 1:
            hint = (
                _("Name it by the account's login.")
                if evaluation_round
                else _("Name it by the account's login, or add --year YEAR.")
            )
            raise CommandError(
                "\n".join(
                    [_("Code %(code)s belongs to several communes:") % {"code": code}]
                    + [_describe(c) for c in holders]
                    + [hint]
                )
            )
        return holders[0]
