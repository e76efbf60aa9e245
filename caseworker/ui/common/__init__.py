"""Widgets every area uses: form rows, the PDF preview, export options."""
