"""The care-bed board, grid, inventory set-up and placement dialogs."""
