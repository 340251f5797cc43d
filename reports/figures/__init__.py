"""Every number shown to staff and leaders is computed here, from the data, never copied: a
dashboard, a PDF and a workbook that use these functions cannot disagree."""

from .ratio import Ratio

__all__ = ["Ratio"]
