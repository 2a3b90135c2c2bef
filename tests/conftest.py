"""Make the working tree importable as ``ansible_collections.cloudfleet.openstack`` for every test.

The link lives in a temporary directory outside the repository, so the collection build never sees it; one
directory per checkout, so test runs of two checkouts at once never point each other's link elsewhere.
"""

import hashlib
import os
import sys
import tempfile

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _link_collection():
    checkout = hashlib.sha256(REPO_ROOT.encode()).hexdigest()[:12]
    base = os.path.join(tempfile.gettempdir(), "cloudfleet-openstack-tests-%d-%s" % (os.getuid(), checkout))
    namespace = os.path.join(base, "ansible_collections", "cloudfleet")
    link = os.path.join(namespace, "openstack")
    os.makedirs(namespace, exist_ok=True)
    if os.path.realpath(link) != REPO_ROOT:
        if os.path.islink(link):
            os.unlink(link)
        try:
            os.symlink(REPO_ROOT, link)
        except FileExistsError:
            # Another test run of this checkout (`make matrix` runs several at once) made the same link just now.
            if os.path.realpath(link) != REPO_ROOT:
                raise
    if base not in sys.path:
        sys.path.insert(0, base)


_link_collection()
