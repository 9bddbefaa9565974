"""Signals for the layers above, which procedure must not import.

`procedure_modifiee` is sent inside the writing transaction, after a service changed what a
procedure's households show (acts, debts, next deadline, motif, parc, court number), with
`procedure_ids`. `dossiers` keeps its households' stored summary with it (`dossiers.resume`).
"""

from django.dispatch import Signal

procedure_modifiee = Signal()
