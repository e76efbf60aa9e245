"""Who may do what: the acting user, the permission table, masking. Pure data, no database."""
