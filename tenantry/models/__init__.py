"""The tables, one module per domain. Importing this package imports every module in it, so
SQLModel.metadata (migrations) and the tenant scoping (db/scoping.py) know every table without
a list to extend: a new domain's module is registered by existing."""

from importlib import import_module
from pkgutil import iter_modules

for _module in sorted(module.name for module in iter_modules(__path__)):
    import_module(f"{__name__}.{_module}")
