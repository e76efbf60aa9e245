"""The application shell: start-up, login, main window, idle lock, the database lane, fonts."""
