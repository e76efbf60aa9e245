"""User actions that join areas: issuing a letter (register + PDF), exporting a file.

Meant to hold every user action as one unit of work (access check, services, audit, one
commit); until then the services commit their own transactions.
"""
