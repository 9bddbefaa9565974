"""Forms of the dossiers app, one module per concept."""
