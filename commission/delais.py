"""Delays of the commission's decisions that are not reference data.

The effective date of a housing-aid suspension is dated reference data read by
`procedure.deadlines.effet_suspension_aide`; the delay of appeal is the general rule of
administrative law, the same for every decision.
"""

# Code de justice administrative, art. R.421-1: two months to bring an action against an
# administrative decision, from its notification; a recours gracieux first extends it.
MOIS_DE_RECOURS = 2
