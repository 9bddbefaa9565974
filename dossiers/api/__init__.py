"""REST API of the dossiers app: each concept module exposes `routes`, joined here."""

from dossiers.api import menages, procedures, saisines

routes: list[tuple] = [*menages.routes, *procedures.routes, *saisines.routes]
