"""Writes that matter, one module per concept; each writes the dossier's journal."""
