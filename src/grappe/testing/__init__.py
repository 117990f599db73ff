"""Factories and fixtures shared by the test suites (imported by tests only)."""
