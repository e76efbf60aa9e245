"""Care beds: inventory, placements, the board, occupancy over time, the monthly report."""
