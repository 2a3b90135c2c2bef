"""Stateful API simulators used by the tests and the demo."""
