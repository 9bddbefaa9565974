"""Forms of the commission app, one module per concept."""
