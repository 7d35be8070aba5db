"""The 市北区 demo: the `demo_data` command and the builders it runs, through the real services.

The top layer: only the command and the tests import it; no product module does."""
