"""Write static/img/icons.svg: one <symbol> per Bootstrap icon the project uses, and no other.

    npm pack bootstrap-icons@1.13.1 && tar xzf bootstrap-icons-1.13.1.tgz
    python manage.py build_icons package/icons

Run it after using a new icon; a test fails while a template names an icon the sprite lacks.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SPRITE = Path(settings.BASE_DIR) / "static" / "img" / "icons.svg"
# {% icon "name" ... %}, an include's icon="name", and icon("name") in Python.
USES = re.compile(r'{%\s*icon\s+"([a-z0-9-]+)"|\bicon="([a-z0-9-]+)"|\bicon\("([a-z0-9-]+)"')
SOURCES = ("templates/**/*.html", "*/templatetags/*.py")


def used_icons(base=None):
    """Every icon name the templates and template tags use."""
    base = Path(base or settings.BASE_DIR)
    names = set()
    for pattern in SOURCES:
        for path in base.glob(pattern):
            if ".venv" in path.parts:
                continue
            for match in USES.finditer(path.read_text(encoding="utf-8")):
                names.add(next(group for group in match.groups() if group))
    return names


def sprite_icons(path=SPRITE):
    """The icon names the sprite holds."""
    return set(re.findall(r'<symbol id="([a-z0-9-]+)"', path.read_text(encoding="utf-8")))


class Command(BaseCommand):
    help = "Build the SVG sprite of the icons the templates use from Bootstrap Icons' SVG files."

    def add_arguments(self, parser):
        parser.add_argument("icons_dir", help="the icons/ folder of the bootstrap-icons package")

    def handle(self, *args, icons_dir, **options):
        folder = Path(icons_dir)
        symbols = []
        for name in sorted(used_icons()):
            source = folder / f"{name}.svg"
            if not source.exists():
                raise CommandError(f"No icon named {name!r} in {folder}")
            svg = source.read_text(encoding="utf-8")
            view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
            body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
            body = " ".join(line.strip() for line in body.splitlines() if line.strip())
            symbols.append(f'<symbol id="{name}" viewBox="{view_box}">{body}</symbol>')
        SPRITE.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg">'
            "<!-- Bootstrap Icons 1.13.1 (MIT), only those used: manage.py build_icons -->\n"
            + "\n".join(symbols)
            + "\n</svg>\n",
            encoding="utf-8",
        )
        self.stdout.write(f"{SPRITE}: {len(symbols)} icons")
