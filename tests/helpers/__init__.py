"""Factories shared by the tests and bench/: one record factory (records), one in-memory
keyring (keyring), one starter of the hub as a real process (hub).

Import them as ``tests.helpers.X``: tests/conftest.py puts the repo root on sys.path, and
the bench scripts already do."""
