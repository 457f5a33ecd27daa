"""The command line: a thin layer over the library API."""
import os

# pydantic scans every installed package for plugins on first use (~15 ms of a start that uses it);
# the command line uses none.  A user who needs one can set the variable themselves.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
