"""The desktop UI (PySide6): screens only; every action goes through app.services."""
