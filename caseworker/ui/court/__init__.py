"""Court screens: the case panel, petitions, rulings, the calendar."""
