"""Pure business rules over frozen values: no clock, no database, no plugins."""
