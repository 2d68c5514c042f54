"""The sample stories, installed as package data ``provenance.samples``.

Use :func:`provenance.sample_path` to find one; the files are plain story JSON.
"""
