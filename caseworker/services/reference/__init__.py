"""Reference lists and display labels for stored codes."""
