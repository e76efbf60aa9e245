"""The document register, letter fields from the records, export stamps."""
