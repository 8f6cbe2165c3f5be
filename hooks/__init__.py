"""Build-time logic for the proceedings site.

Plain modules (``bibtex``, ``cite_*``, ``glossary``, ``terms``, ``volumes``, ...) know
nothing of MkDocs; the ``on_*`` modules are thin MkDocs hooks that connect them to
build events, run in the order :mod:`hooks.registry` declares; the few other modules that
know the engine or the theme are listed there (``ENGINE_MODULES``). Tests call the plain
modules directly.
"""
