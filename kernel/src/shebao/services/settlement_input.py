"""Where ``store.fund`` still imports a bill's reading and writing from; the module is
``shebao.services.settlement.bills`` (the store is changed by the PostgreSQL work)."""

from shebao.services.settlement.bills import bill_from_data, bill_to_data

__all__ = ["bill_from_data", "bill_to_data"]
