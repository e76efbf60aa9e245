"""Figures for managers: reports."""
