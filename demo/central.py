"""The central demo (issue 19, `seed_demo --central`): the centre of a Vụ Địa phương that follows
three demo provinces of different sizes. Each province is seeded and exported in a subprocess on
its own temporary database with its own key, exactly as a province's installation would make
its files; the centre then registers each province with its public key and imports the files
through the same service as its staff's upload."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accounts.roles import Role
from core.models import Organisation
from rollup import signing
from rollup.export import snapshot_export
from rollup.models import FollowedProvince, Snapshot
from rollup.schema import parse_envelope, parse_payload
from rollup.services import province_follow, province_register, snapshot_import

from .provinces import PROVINCES, by_slug, seed_province
from .seed import _user

PUBLIC_KEY_FILE = "public-key.pem"
# Followed by the centre but not yet sent: the comparison lists them as missing.
FOLLOWED_NOT_SENT = ("20", "19")  # Lạng Sơn, Thái Nguyên (codes of the current map)


def seed_and_export(slug, out_dir):
    """In a province's process: seed this (empty) database as `slug`'s installation, then write
    each year's signed snapshot and the public key into `out_dir`."""
    spec = by_slug(slug)
    seed_province(spec)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for year in spec.years:
        filename, content, _ = snapshot_export(year=year)
        (out / filename).write_bytes(content)
    if spec.agencies == 0:
        # The round still open is sent again a week later: the centre keeps both versions and
        # counts the newer one.
        filename, content, _ = snapshot_export(year=spec.years[-1])
        (out / filename).write_bytes(content)
    (out / PUBLIC_KEY_FILE).write_text(signing.public_key_pem(signing.installation_key()))


def _province_process(slug, folder):
    """Start `slug`'s province in its own process, database and key."""
    env = {
        **os.environ,
        "INSTALLATION_KIND": "province",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "SNAPSHOT_KEY_FILE": str(folder / "key" / "snapshot-ed25519.pem"),
        "MEDIA_ROOT": str(folder / "media"),
        "REDIS_URL": "",  # Celery tasks in-process: the province needs no broker to export
        "DEBUG": os.environ.get("DEBUG", "1"),
    }
    env.setdefault("SECRET_KEY", settings.SECRET_KEY)
    manage = Path(settings.BASE_DIR) / "manage.py"
    script = (
        f"{sys.executable} {manage} migrate --no-input -v 0 && "
        f"{sys.executable} {manage} seed_demo --province-export {slug} --out {folder / 'out'}"
    )
    return subprocess.Popen(  # noqa: S602 - fixed arguments, our own commands
        script, shell=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _run_provinces(slugs, workdir):
    """Seed and export the provinces, two at a time (the machine's cores)."""
    folders = {}
    pending = list(slugs)
    running = []
    while pending or running:
        while pending and len(running) < 2:
            slug = pending.pop(0)
            folder = workdir / slug
            folder.mkdir()
            folders[slug] = folder / "out"
            running.append((slug, _province_process(slug, folder)))
        slug, process = running.pop(0)
        _, err = process.communicate()
        if process.returncode:
            raise RuntimeError(f"the demo province {slug} failed:\n{err.decode()[-2000:]}")
    return folders


def _organisation():
    organisation = Organisation.current()
    if organisation.is_configured:
        return
    organisation.party_committee = "BAN TỔ CHỨC TRUNG ƯƠNG"
    organisation.department = "VỤ ĐỊA PHƯƠNG II"
    organisation.place_name = "Hà Nội"
    organisation.document_suffix = "BC/BTCTW"
    organisation.signer_on_behalf = "K/T VỤ TRƯỞNG"
    organisation.signer_title = "PHÓ VỤ TRƯỞNG"
    organisation.signer_name = "Lê Thanh Tùng"
    organisation.report_recipients = (
        "- Đồng chí Trưởng Ban (b/c),\n- Các đồng chí Phó Trưởng Ban (b/c),\n"
        "- Các tỉnh ủy, thành ủy được theo dõi,\n- Lưu VT, Vụ ĐP II."
    )
    organisation.mark_configured()


def _users():
    return [
        _user("admin", role=None, full_name="Quản trị hệ thống", superuser=True),
        _user("chuyenvien", role=Role.STAFF, full_name="Nguyễn Thị Minh Hằng"),
        _user("lanhdao", role=Role.LEADER, full_name="Phạm Đức Thắng"),
    ]


def _register_and_import(folder, staff):
    """Follow the provinces a demo province's files cover (each on the map of its year) with the
    province's public key, then import its files, oldest year first."""
    pem = (folder / PUBLIC_KEY_FILE).read_text()
    files = []
    for path in folder.glob("snapshot-*.json"):
        content = path.read_bytes()
        files.append((parse_payload(parse_envelope(content)[0]), content))
    files.sort(key=lambda file: (file[0]["year"], file[0]["sequence"]))
    for payload, _ in files:
        map_ = FollowedProvince.map_of_year(payload["year"])
        for code in payload["installation"]["provinces"]:
            province_register(code=code, map_=map_, pem_text=pem, user=staff)
    for _, content in files:
        snapshot_import(content=content, user=staff)


def seed_central(slugs=None):
    """The centre's demo: its set-up and accounts, the provinces it follows, their snapshots.
    Idempotent: nothing is seeded again once snapshots are in. Returns the demo users."""
    _organisation()
    users = _users()
    if Snapshot.objects.exists():
        return users
    staff = next(u for u in users if u.username == "chuyenvien")
    slugs = slugs or [p.slug for p in PROVINCES]
    with tempfile.TemporaryDirectory(prefix="central-demo-") as tmp:
        folders = _run_provinces(slugs, Path(tmp))
        with transaction.atomic():
            for slug in slugs:
                _register_and_import(folders[slug], staff)
            for code in FOLLOWED_NOT_SENT:
                province_follow(code=code, map_=FollowedProvince.Map.CURRENT, user=staff)
    return users
