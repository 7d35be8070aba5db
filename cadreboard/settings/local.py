"""Development on one machine: DEBUG on, a fixed development key unless one is given."""
import os

os.environ.setdefault("SECRET_KEY", "insecure-local-development-only")  # never used in production
os.environ.setdefault("DEBUG", "True")

from .base import *  # noqa: E402,F401,F403
