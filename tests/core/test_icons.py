"""The icon sprite holds every icon a page names, so none shows as an empty box."""

from core.management.commands.build_icons import sprite_icons, used_icons


def test_it_holds_every_icon_the_templates_use():
    used = used_icons()
    assert "printer" in used and "sort-up" in used  # literal tags and template-tag code are read
    assert used - sprite_icons() == set(), "run manage.py build_icons (see its docstring)"


def test_it_ships_no_icon_nobody_uses():
    assert sprite_icons() - used_icons() == set()
