"""The `caseworker` command: `main.py` parses and dispatches; one module per command."""
