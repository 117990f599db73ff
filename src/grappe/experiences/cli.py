"""`grappe experiences …`: thin wrappers over the services and selectors of this app."""

import sys


def main(argv: list[str]) -> int:
    print("grappe experiences: not available yet", file=sys.stderr)
    return 2
