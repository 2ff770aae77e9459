"""SQLite through sqlite-utils: schema migrations, repositories and the unit of work."""
