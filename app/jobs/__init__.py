"""Background and periodic work on Procrastinate (PostgreSQL, or in memory inside `serve` on SQLite)."""
