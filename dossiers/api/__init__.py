"""REST API of the dossiers app: each concept module exposes `routes`, joined here."""

routes: list[tuple] = []
