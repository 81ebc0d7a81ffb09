"""The knowledge base's content model and tools. See cli.py for the commands."""
