"""Read a page's figures where a user reads them: next to their label, in their card or in the
cell of the right row, never "a 2 appears somewhere in the HTML"."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Element:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, attrs, []

    @property
    def text(self):
        """The text inside, its white space made single spaces, as a browser shows it."""
        return " ".join(self._parts_text().split())

    def _parts_text(self):
        return "".join(c if isinstance(c, str) else f" {c._parts_text()} " for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, *, testid=None, cls=None, tag=None, id=None):
        """The elements inside that have this data-testid, class, tag and id (those given)."""
        return [
            e
            for e in self.iter()
            if (testid is None or e.attrs.get("data-testid") == testid)
            and (cls is None or cls in (e.attrs.get("class") or "").split())
            and (tag is None or e.tag == tag)
            and (id is None or e.attrs.get("id") == id)
        ]

    def one(self, **where):
        """The one element inside that matches (see find_all); fails if there are none or more."""
        found = self.find_all(**where)
        assert len(found) == 1, f"{len(found)} elements match {where}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        # An end tag closes its element and any left open inside it (<li>, <p> without end).
        if any(e.tag == tag for e in self.open[1:]):
            while self.open.pop().tag != tag:
                pass

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse(html):
    """The page as a tree of Elements (html: text or bytes)."""
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def by_testid(html, testid):
    """The one element of the page with this data-testid."""
    return parse(html).one(testid=testid)


def stat_figures(element):
    """{label: figure} of the stat cards inside an element: each card's .stat-value under the
    text of its .stat-label, both as shown."""
    return {
        card.one(cls="stat-label").text: card.one(cls="stat-value").text
        for card in element.find_all(cls="stat-card")
    }


def table_rows(element):
    """The rows of the tables inside an element, each a list of its cells' texts."""
    return [
        [cell.text for cell in row.iter() if cell.tag in ("td", "th")]
        for row in element.find_all(tag="tr")
    ]
