"""Accounts: signing in, first administrator, account administration."""
