"""IP address pools of subnets and MAC addresses of ports.

A subnet row carries ``pool`` (its ``ipaddress`` network), ``used`` (addresses taken) and ``next_host`` (where the
next sequential allocation starts), so allocating stays O(1) even with tens of thousands of ports.
"""

import ipaddress
import itertools

from .errors import bad_request

FIRST_HOST = 2  # .1 is the gateway
_MAC_COUNTER = itertools.count(1)


def pool_fields(cidr):
    return {"pool": ipaddress.ip_network(cidr), "used": set(), "next_host": FIRST_HOST}


def _end(subnet):
    """One past the last allocatable offset (IPv4 keeps its broadcast address)."""
    return subnet["pool"].num_addresses - (1 if subnet["ip_version"] == 4 else 0)


def total_ips(subnet):
    return _end(subnet) - FIRST_HOST


def free_ips(subnet):
    return total_ips(subnet) - len(subnet["used"])


def allocate(subnet, wanted=None):
    """Take ``wanted`` (400 when it is outside the subnet or taken) or the next free address of the subnet."""
    pool = subnet["pool"]
    used = subnet["used"]
    if wanted is not None:
        try:
            address = ipaddress.ip_address(wanted)
        except ValueError as exc:
            raise bad_request("%r is not a valid IP address" % wanted) from exc
        if address not in pool or not FIRST_HOST <= int(address) - int(pool.network_address) < _end(subnet):
            raise bad_request("IP address %s is not an allocatable address of subnet %s (%s)" % (wanted, subnet["name"], subnet["cidr"]))
        if str(address) in used:
            raise bad_request("IP address %s is already allocated in subnet %s" % (wanted, subnet["name"]), "IpAddressAlreadyAllocated")
        used.add(str(address))
        return str(address)
    for offset in itertools.chain(range(subnet["next_host"], _end(subnet)), range(FIRST_HOST, subnet["next_host"])):
        address = str(pool.network_address + offset)
        if address not in used:
            used.add(address)
            subnet["next_host"] = offset + 1
            return address
    raise bad_request("No free IP addresses left in subnet %s" % subnet["name"], "IpAddressGenerationFailure")


def release(subnet, address):
    if subnet is not None:
        subnet["used"].discard(address)


def new_mac():
    value = next(_MAC_COUNTER)
    return "fa:16:3e:%02x:%02x:%02x" % ((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)
