"""The communes a round concerns, on whichever map its year falls: the communes that fill in its
forms. The commune accounts page and the `commune_accounts` command make accounts for them
(accounts sits below evaluations, so the round picks the communes and accounts makes the
accounts)."""

from assignments.models import Commune

from . import services


def round_communes(evaluation_round):
    """The communes of the round, as a queryset.

    An open (or closed) round: the communes with an expected form in it, so a form staff added
    or dropped counts as it does everywhere else. A round not opened yet: the communes of the
    pairs it would expect on opening (`services.expected_pairs`, the one rule), so a round of
    2024 entered today names the communes of the map before 1/7/2025.
    """
    if evaluation_round.opened_at:
        return Commune.objects.filter(pk__in=evaluation_round.forms.expected().values("commune_id"))
    expected, _left_out = services.expected_pairs(evaluation_round)
    return Commune.objects.filter(pk__in={pair["commune"].pk for pair in expected})
