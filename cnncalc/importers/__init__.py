"""Importers: other tools' model descriptions → cnncalc spec documents."""
