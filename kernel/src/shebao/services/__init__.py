"""Use cases: the only place that combines rules, hooks and the store, one function each.

Every use case that changes state runs in one unit of work and writes the audit log."""
