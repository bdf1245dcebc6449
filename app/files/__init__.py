"""Digitised documents: the content-addressed file store, pages to PDF/A, the checks of an
imported file, and the scanner sources. Pure core (no Qt, no database)."""
