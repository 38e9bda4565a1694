"""Storage: the database (SQLite or PostgreSQL), its tables, the owner-scoped repository and the
Alembic migrations.

May import: the foundation modules (config, errors, domain, text_safety).
"""
