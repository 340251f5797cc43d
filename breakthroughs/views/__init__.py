"""Breakthrough task pages: the cadre's own (cadre.py), the task page and its review steps
(review.py), the province's lists, print, export and deadlines (lists.py)."""
