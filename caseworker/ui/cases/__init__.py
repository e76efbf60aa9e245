"""The case screens: list, my work, intake, the case window and its moves."""
