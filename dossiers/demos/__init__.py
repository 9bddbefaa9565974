"""Demo data of the dossiers app, one module per concept (see dossiers/demo.py)."""
