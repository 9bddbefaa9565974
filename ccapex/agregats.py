"""Parallel workers back for the aggregates that read a whole territory.

Every connection sets `parallel_setup_cost` to 10 000 (ccapex/settings/base.py) so that a page's
cheap query does not start two workers. The annual balance (`indicateurs.queries.bilan`,
computed by the dashboard's request itself, the table exports, the API and the PDF) then lost
them on 10 of its 11 parallel queries, 40 to 200 ms each on the busiest département of the
benchmark base: 2.0-2.6 s became 2.7-2.8 s. Inside this block the planner costs workers as
PostgreSQL does by default again; `SET LOCAL` ends with the transaction, so the rest of the
connection keeps the page setting. Inside a caller's transaction the block is a savepoint, and
a `SET LOCAL` would outlive it until that transaction ends: the previous value is set back when
the block ends (when it fails, rolling the savepoint back undoes the `SET LOCAL`).
"""

from contextlib import contextmanager

from django.db import connection, transaction

# PostgreSQL's default.
COUT_DE_LANCEMENT = 1000


@contextmanager
def travailleurs_paralleles():
    imbrique = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as curseur:
            if imbrique:
                curseur.execute("SELECT current_setting('parallel_setup_cost')")
                avant = curseur.fetchone()[0]
            curseur.execute(f"SET LOCAL parallel_setup_cost = {COUT_DE_LANCEMENT}")
        yield
        if imbrique:
            with connection.cursor() as curseur:
                curseur.execute("SELECT set_config('parallel_setup_cost', %s, true)", [avant])
