"""The audit trail: append-only, hash-chained; its check, labels and viewer queries."""
