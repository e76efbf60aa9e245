"""Official documents as PDF (reportlab only here): GB/T 9704 layout, fonts, letters."""
