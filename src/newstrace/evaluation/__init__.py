"""Evaluation scripts that score newstrace's stages against public gold data."""
