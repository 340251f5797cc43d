"""Render pieces of a long document, each into its own PDF, in a process of its own.

    python -m reports.pdf_chunks < spec.json

spec: {"base_url": "…/static/", "chunks": [{"html": "<path>", "out": "<path>"}, …]}. The pieces
come from reports.render (the appendix of the annual summary, split by rows); for the country's
thousands of rows it starts one such process per core, because a Celery worker's child may not
start a multiprocessing pool, and merges what they write (a province's hundreds go to children
forked from the worker instead: no second import of WeasyPrint). Nothing here reads the
database or Django's settings."""

import json
import logging
import sys
from pathlib import Path


def main():
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from .pdf import html_to_pdf

    spec = json.load(sys.stdin)
    for chunk in spec["chunks"]:
        html = Path(chunk["html"]).read_text(encoding="utf-8")
        Path(chunk["out"]).write_bytes(html_to_pdf(html, base_url=spec["base_url"]))


if __name__ == "__main__":
    main()
