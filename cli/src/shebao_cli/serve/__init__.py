"""``shebao serve``: the JSON API for hospitals and counters and the self-service pages for
insured persons, over the same services the CLI calls. Imported only when serving."""
