"""Fixed IPs, ports and floating IPs of instances."""

import ipaddress

from . import rows
from .refs import Invalid
from .store import iso

FLOATING_POOL = ipaddress.ip_network("203.0.113.0/24")


class Networking:
    def __init__(self, store, lifecycle):
        self.store = store
        self.lifecycle = lifecycle

    # -- fixed IPs ----------------------------------------------------------------------------------------------

    @staticmethod
    def check_fixed_ip(subnet, address):
        """Raise Invalid unless ``address`` can be given to a new port on ``subnet``."""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError as exc:
            raise Invalid("Enter a valid IPv4 or IPv6 address.") from exc
        if ip not in ipaddress.ip_network(subnet["cidr"]):
            raise Invalid("IP address %s does not belong to subnet %s." % (address, subnet["name"]))
        if address in subnet["used_ips"] or address == subnet["gateway_ip"]:
            raise Invalid("IP address %s is already in use." % address)

    @staticmethod
    def allocate_ip(subnet, requested=None):
        """Reserve ``requested`` or the lowest free address from .10 up."""
        if requested:
            subnet["used_ips"].add(requested)
            return requested
        network = ipaddress.ip_network(subnet["cidr"])
        candidate = network.network_address + 10
        while str(candidate) in subnet["used_ips"]:
            candidate += 1
        if candidate >= network.broadcast_address:
            raise Invalid("There are no free IP addresses in subnet %s." % subnet["name"])
        subnet["used_ips"].add(str(candidate))
        return str(candidate)

    def create_port(self, tenant, subnet, address, instance, security_groups, ts):
        port = rows.port_row(tenant, subnet, address, instance=instance["uuid"], security_groups=security_groups)
        return self.lifecycle.create("port", port, ts)

    def remove_port(self, port, ts):
        subnet = self.store.get("subnet", port["subnet"])
        if subnet:
            for fixed_ip in port["fixed_ips"]:
                subnet["used_ips"].discard(fixed_ip["ip_address"])
        self.lifecycle.delete("port", port, ts)

    # -- floating IPs -------------------------------------------------------------------------------------------

    def free_floating_ips(self, tenant):
        return [row for row in self.store.tables["floating_ip"].values()
                if row["tenant"] == tenant["uuid"] and row["port"] is None and not row["reserved"]]

    def check_floating_ip(self, tenant, fip):
        if fip["tenant"] != tenant["uuid"]:
            raise Invalid("Floating IP %s does not belong to the same tenant as instance." % fip["address"])
        if fip["port"] is not None or fip["reserved"]:
            raise Invalid("Floating IP %s is already in use." % fip["address"])

    def take_floating_ip(self, tenant, project, ts):
        """A free floating IP of the tenant, or a new one from the external pool."""
        free = self.free_floating_ips(tenant)
        if free:
            return free[0]
        used = {row["address"] for row in self.store.tables["floating_ip"].values()}
        address = next((str(ip) for ip in FLOATING_POOL.hosts() if int(ip) % 256 >= 10 and str(ip) not in used), None)
        if address is None:
            raise Invalid("There are no free floating IP addresses.")
        network = self.store.get("network", tenant["external_network"])
        fip = rows.floating_ip_row(tenant, project, network, address, iso(ts))
        return self.lifecycle.create("floating_ip", fip, ts)

    def attach_floating_ip(self, fip, port, ts):
        self.lifecycle.set("floating_ip", fip, ts, port=port["uuid"], instance=port["instance"], runtime_state="ACTIVE",
                           reserved=False)

    def detach_floating_ip(self, fip, ts):
        self.lifecycle.set("floating_ip", fip, ts, port=None, instance=None, runtime_state="DOWN", reserved=False)

    def port_on_subnet(self, instance, subnet_uuid):
        for uuid in instance["ports"]:
            port = self.store.get("port", uuid)
            if port and port["subnet"] == subnet_uuid:
                return port
        return None
