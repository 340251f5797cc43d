"""Report kinds that an app above `reports` adds (rollup's central report, issue 19). `reports`
never imports those apps (the layers run one way): they register their builders here, from their
AppConfig.ready(), and a job of that kind is then built like any other (report_build): its
figures composed once and kept on the job, its file rendered from them alone."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportKind:
    figures: Callable  # figures(job) -> a JSON-able dict, kept on the job
    render: Callable  # render(job, figures) -> the file's bytes, from the figures alone
    filename: Callable  # filename(job) -> the name the file is downloaded under
    printed: bool = False  # heads and signs a document: the set-up must be complete
    page: str = ""  # the URL name of the page where the kind is requested (a job's way back)


_KINDS = {}


def register_kind(kind, *, figures, render, filename, printed=False, page=""):
    """Add (or replace: ready() may run twice in tests) the builders of a ReportJob kind."""
    _KINDS[str(kind)] = ReportKind(figures, render, filename, printed, page)


def registered(kind):
    """The builders of `kind`, or None for the kinds `reports` builds itself."""
    return _KINDS.get(str(kind))
