"""Imports of administrative reports (CDP, CAF unpaid rent, landlords' prior referrals).

`formats` documents the columns, `lecture` reads CSV/XLSX files, `validation` checks one row
(pure), `service` applies a chunk of valid rows in a few bulk queries, `taches` runs a
whole file as a `Traitement` job. The French documentation is `docs/imports.md`.
"""
