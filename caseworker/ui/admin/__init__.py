"""Administration screens: accounts and the audit trail."""
