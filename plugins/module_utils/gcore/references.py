# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Turns the names and ids users give into API objects (each looked up once per run) and into body entries."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.bodies import (
    INTERFACE_FIELDS, INTERFACE_OPTIONS, INTERFACE_REQUIRED, VOLUME_FIELDS, VOLUME_REFERENCES, check_volume_options, interface_type,
    string_values, volume_source,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import object_id


class References:
    """Turns the names and ids users give into API objects, each looked up once per run."""

    def __init__(self, client):
        self.client = client
        self._cache = {}

    def get(self, kind, ref, **filters):
        key = (kind, str(ref), tuple(sorted(filters.items())))
        if key not in self._cache:
            self._cache[key] = self.client.resolve(kind, ref, **filters)
        return self._cache[key]

    def id(self, kind, ref, **filters):
        return object_id(kind, self.get(kind, ref, **filters))

    def flavor(self, ref):
        flavor = self.get("flavor", ref)
        if flavor.get("disabled"):
            raise InputError("Flavor '%s' is disabled %s" % (ref, self.client.where))
        return flavor

    def volume_body(self, spec, where):
        """One entry of the create body's ``volumes`` from a ``volumes`` option entry."""
        source = volume_source(spec, where)
        check_volume_options(spec, source, where)
        body = {"source": source}
        for ref_source, option, field in VOLUME_REFERENCES:
            if ref_source == source:
                body[field] = self.id(option, spec[option])
        for field in VOLUME_FIELDS[source]:
            if spec.get(field) is not None:
                body[field] = string_values(spec[field]) if field == "tags" else spec[field]
        return body

    def interface_body(self, spec, where, attach=False):
        """One entry of the create body's ``interfaces`` (or an attach_interface body, with ``attach``)."""
        kind = interface_type(spec)
        for option in INTERFACE_REQUIRED[kind]:
            if not spec.get(option):
                raise InputError("%s: an interface of type %s needs %s" % (where, kind, option))
        for option in INTERFACE_OPTIONS:
            if option != "type" and spec.get(option) is not None and option not in INTERFACE_FIELDS[kind]:
                raise InputError("%s: %s is not used with an interface of type %s" % (where, option, kind))
        body = {"type": kind}
        if kind == "subnet":
            network_id = self.id("network", spec["network"]) if spec.get("network") else None
            subnet = self.get("subnet", spec["subnet"], network_id=network_id)
            if network_id and subnet.get("network_id") != network_id:
                raise InputError("%s: subnet '%s' is not in network '%s'" % (where, spec["subnet"], spec["network"]))
            body.update(network_id=subnet.get("network_id"), subnet_id=subnet["id"])
        elif kind == "any_subnet":
            body["network_id"] = self.id("network", spec["network"])
        elif kind == "reserved_fixed_ip":
            body["port_id"] = self.id("reserved_fixed_ip", spec["reserved_fixed_ip"])
        for option in ("ip_family", "interface_name") + (() if attach else ("ip_address",)):
            if spec.get(option) is not None:
                body[option] = spec[option]
        if spec.get("floating_ip") and not attach:
            body["floating_ip"] = self.floating_ip(spec["floating_ip"])
        if spec.get("security_groups") is not None:
            body["security_groups"] = [{"id": self.id("security_group", group)} for group in spec["security_groups"]]
        return body

    def floating_ip(self, ref):
        if ref == "new":
            return {"source": "new"}
        return {"source": "existing", "existing_floating_id": self.id("floating_ip", ref)}
