"""`grappe diagnostics …`: thin wrappers over the services and selectors of this app."""

import sys


def main(argv: list[str]) -> int:
    print("grappe diagnostics: not available yet", file=sys.stderr)
    return 2
