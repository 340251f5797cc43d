"""Read a home page's to-do list (templates/partials/todo.html) as a user reads it: each line's
figure beside its label, its note and its link, in the order shown."""

from dataclasses import dataclass

from django.utils import translation

from tests.html import parse


@dataclass
class Line:
    key: str  # the item's data-testid without "todo-"
    figure: str  # the count or the ratio as shown ("" for a task without a count)
    label: str
    note: str
    url: str
    urgency: str  # "now", "soon", "later", "read"

    @property
    def count(self):
        """The count as a number ("1.234" in Vietnamese is 1234)."""
        return int(self.figure.replace(".", "").replace(",", ""))


def todo_lines(html):
    """The lines of the page's to-do list, in page order ([] when it says there is nothing to
    do)."""
    todo = parse(html).one(testid="todo")
    lines = []
    for link in todo.find_all(tag="a"):
        key = link.attrs["data-testid"].removeprefix("todo-")
        figures = link.find_all(testid=f"todo-{key}-count") + link.find_all(
            testid=f"todo-{key}-value"
        )
        notes = link.find_all(cls="todo-note")
        lines.append(
            Line(
                key=key,
                figure=figures[0].text if figures else "",
                label=link.one(cls="todo-label").text,
                note=notes[0].text if notes else "",
                url=link.attrs["href"],
                urgency=link.attrs["data-urgency"],
            )
        )
    return lines


def todo_line(html, key):
    """The one line with this key."""
    found = [line for line in todo_lines(html) if line.key == key]
    assert len(found) == 1, f"no to-do line {key!r} in {[line.key for line in todo_lines(html)]}"
    return found[0]


def says_nothing_to_do(html):
    todo = parse(html).one(testid="todo")
    return todo.one(testid="todo-empty").text == shown("Nothing to do")


def shown(message, **values):
    """`message` as the page shows it: in Vietnamese (the interface's language), whether or
    not it is translated yet."""
    with translation.override("vi"):
        text = translation.gettext(message)
    return text % values if values else text
