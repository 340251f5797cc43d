"""The interface is Vietnamese: every source string has its translation, and the compiled
catalogue that ships matches the .po file."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

from tests.ci import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/vi/LC_MESSAGES/django.po"
MO = ROOT / "locale/vi/LC_MESSAGES/django.mo"
# Every app of the project (a folder with apps.py), the settings, the templates.
SOURCES = sorted({p.parent.name for p in ROOT.glob("*/apps.py")} | {"config", "templates"})


def _translated(entry):
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def test_every_entry_of_the_catalogue_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po if not e.obsolete and not _translated(e)]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags and e.msgid]
    assert missing == []
    assert fuzzy == []


def test_every_string_in_the_source_is_in_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        skip_or_fail("xgettext (Debian package gettext) is needed to extract strings")
    for name in [*SOURCES, "manage.py"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "-v0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "PYTHONPATH": str(tmp_path)},
    )
    extracted = polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))
    ours = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(PO)) if not e.obsolete}
    lacking = [
        e.msgid
        for e in extracted
        if e.msgid and not _translated(ours.get((e.msgctxt, e.msgid), polib.POEntry()))
    ]
    assert lacking == [], "run makemessages -l vi and translate these"


def test_the_compiled_catalogue_matches_the_po_file():
    po = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(PO))
        if not e.obsolete and e.msgid and _translated(e)
    }
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO)) if e.msgid
    }
    assert mo == po, "run manage.py compilemessages and commit django.mo"
