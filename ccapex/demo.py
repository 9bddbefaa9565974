"""The demo data set, built layer by layer.

Each app may have a `demo.py` module with a `peupler(demo: Demo) -> None` function; the
`demo` command calls them in INSTALLED_APPS order (bottom layer first). Each function must
be idempotent: it looks objects up by a natural key before creating them, so a second run
creates nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from django.apps import apps

MOT_DE_PASSE_DEMO = "demo-ccapex-2026"


@dataclass
class Demo:
    menages: int = 200
    graine: int = 2026
    aujourd_hui: date = field(default_factory=date.today)
    # Objects a lower layer hands to the ones above (département, organisations, users…).
    objets: dict = field(default_factory=dict)
    # (role label, e-mail) for the sign-in summary.
    comptes: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self):
        self.rng = random.Random(self.graine)

    def log(self, message: str) -> None:
        print(f"[demo] {message}", flush=True)


def modules_demo():
    for config in apps.get_app_configs():
        if config.name == "ccapex":
            continue  # this module: the framework, not a layer
        try:
            yield import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise


def peupler(demo: Demo) -> Demo:
    for module in modules_demo():
        module.peupler(demo)
    return demo
