"""Importers of whole frameworks: e-CF 4.0, ESCO (CSV export), CASE 1.0 packages.

Each one reads and checks its input completely before writing, writes inside one transaction,
and only touches what differs, so a re-run changes nothing and a bad file changes nothing.
"""
