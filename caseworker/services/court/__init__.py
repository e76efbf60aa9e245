"""Court work: petitions, sessions, rulings, evidence, court numbers, the calendar."""
