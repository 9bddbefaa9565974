"""Legal deadlines of the eviction procedure. Pure functions: acts and `today` in.

Placeholder for the issue's full set of rules (issue 3, item 3); only the winter truce,
needed by the sequence rules, is here for now.
"""

from datetime import date


def dans_la_treve(jour: date) -> bool:
    """Winter truce, 1 November – 31 March inclusive (CPCE art. L412-6)."""
    return jour.month >= 11 or jour.month <= 3
