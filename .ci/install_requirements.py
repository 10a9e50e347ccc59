"""Install requirement files into the current (virtualenv) interpreter.

Usage: python .ci/install_requirements.py REQ_FILE [REQ_FILE ...]

For every requirement line whose environment marker applies (python-ldap is
skipped): nothing is done when an installed distribution already satisfies
it.  The missing ones are first installed with a single ``pip install`` call;
when that fails each one is retried alone, falling back from the exact pin to
``~=major.minor`` and then to the bare name (some old pins no longer build),
each attempt also retried with ``--no-build-isolation`` (old sdists that only
build with the venv's ``setuptools<70``).
"""

import subprocess
import sys
from importlib import metadata

try:
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.version import InvalidVersion, Version
except ImportError:  # pragma: no cover - pip always vendors packaging
    from pip._vendor.packaging.requirements import InvalidRequirement, Requirement
    from pip._vendor.packaging.version import InvalidVersion, Version

SKIP = {"python-ldap"}


def norm(name):
    return name.lower().replace("_", "-").replace(".", "-")


def installed_version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def satisfied(req):
    version = installed_version(req.name)
    if version is None:
        return False
    if not req.specifier:
        return True
    try:
        return Version(version) in req.specifier.__class__(
            str(req.specifier), prereleases=True
        )
    except InvalidVersion:
        return False


def parse(path):
    reqs = []
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.split(" #", 1)[0].split("\t#", 1)[0].strip()
            if not line or line.startswith(("#", "-")):
                continue
            try:
                req = Requirement(line)
            except InvalidRequirement:
                print(f"[deps] cannot parse {line!r}, skipped", flush=True)
                continue
            if req.marker is not None and not req.marker.evaluate():
                continue
            if norm(req.name) in SKIP:
                continue
            req.marker = None
            reqs.append(req)
    return reqs


def pip(*args):
    cmd = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check"]
    cmd += ["--quiet", *args]
    print("[deps] pip install " + " ".join(args), flush=True)
    return subprocess.call(cmd) == 0


def fallbacks(req):
    """Exact requirement, then ~=major.minor of a '==' pin, then the name."""
    yield req
    pins = [s.version for s in req.specifier if s.operator == "=="]
    if pins:
        parts = pins[0].split(".")
        if len(parts) >= 2:
            yield Requirement(f"{req.name}~={parts[0]}.{parts[1]}")
    if req.specifier:
        yield Requirement(req.name)


def install_one(req):
    for candidate in fallbacks(req):
        if satisfied(candidate):
            print(f"[deps] {req} -> already satisfied as {candidate}", flush=True)
            return True
        if pip(str(candidate)) or pip("--no-build-isolation", str(candidate)):
            return True
    return False


def main(paths):
    missing = []
    for path in paths:
        for req in parse(path):
            if not satisfied(req):
                missing.append(req)
    if not missing:
        print("[deps] all requirements already satisfied", flush=True)
        return 0
    if pip(*[str(r) for r in missing]):
        return 0
    failed = [str(r) for r in missing if not install_one(r)]
    if failed:
        print("[deps] could not install: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
