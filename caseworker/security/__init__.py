"""Who the acting user is and what they may see (district scope, masking). No database."""
