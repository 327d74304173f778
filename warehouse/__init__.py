"""DuckDB warehouse: schema migrations, loading, views."""
