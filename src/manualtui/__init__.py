"""manualtui: tri.x procedures-manual Amendments pages as data, in the terminal and in files."""

__version__ = "0.1.0"
