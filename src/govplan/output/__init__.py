"""Outputs from validated models: JSON, ledger rows and their writers, calendars."""
