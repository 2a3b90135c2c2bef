"""Every unit test imports the collection through Ansible's collection loader, so there is one set of its modules."""

import os
import sys

from ansible.plugins.loader import init_plugin_loader
from ansible.utils.collection_loader import AnsibleCollectionConfig


def collections_root():
    """The directory holding ansible_collections/cloudfleet/openstack (tests/conftest.py links the tree there)."""
    for entry in sys.path:
        if os.path.isdir(os.path.join(entry, "ansible_collections", "cloudfleet", "openstack", "plugins")):
            return entry
    raise RuntimeError("the collection is not importable")


def install_collection_loader():
    """Let Ansible's plugin loader find the collection.

    The loader needs the collection imported through it (it reads the collection's metadata on import). Modules
    imported before as plain packages are forgotten, so everything the plugin and these tests import from now on is
    one set of modules: a patch on a class is seen by the plugin, an exception class is the one it catches.
    """
    if AnsibleCollectionConfig.collection_finder is not None:
        return
    init_plugin_loader([collections_root()])
    for name in [name for name in sys.modules if name == "ansible_collections" or name.startswith("ansible_collections.")]:
        del sys.modules[name]


install_collection_loader()
