"""Demo data of the commission app, one module per concept (see commission/demo.py)."""
