"""Build-time logic for the proceedings site.

Plain modules (``bibtex``, ``cite_*``, ``glossary``, ``terms``, ``volumes``, ...) know
nothing of MkDocs; the ``on_*`` modules are thin MkDocs hooks that connect them to
build events. Tests call the plain modules directly.
"""
