"""Modal dialogs: filters, compare setup, release range, export, help."""
