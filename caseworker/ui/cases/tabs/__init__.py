"""The case window's tabs."""
