"""Across a candidate's interviews: history and trends, their data (delete, export, expire,
upkeep), demo data, and the charts the pages draw.

May import: every package below it, interview included.
"""
