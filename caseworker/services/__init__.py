"""Use cases: one function per user action, with access check, audit and transaction."""
