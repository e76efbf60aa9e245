"""The `caseworker` command: one module per command; each calls the same operations as the app."""
