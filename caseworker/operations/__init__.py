"""User actions: one function per action, one unit of work (access check, services, audit, one commit)."""
