"""A stateful, in-memory simulator of the Waldur REST API (OpenStack instances, volumes, snapshots, backups)."""

from .app import WaldurSimulator

__all__ = ["WaldurSimulator"]
