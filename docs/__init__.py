"""The documentation site: pages, the MkDocs hook and the headless-browser check."""
