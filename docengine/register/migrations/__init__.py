"""Alembic migrations of the register, shipped inside the package (run by docengine.register.migrate)."""
