"""Modal dialogs shared by the screens, one a file: ``form`` (the base of every form:
``Field``, ``FormScreen``), ``confirm`` (yes/no), ``choice`` (one of a few options by its
key), ``prompt`` (one typed value) and ``customer_picker`` (find and pick a customer)."""
