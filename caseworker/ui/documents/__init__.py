"""The document register screen and the letter dialog."""
