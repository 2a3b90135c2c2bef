# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # How every module and inventory plugin reaches its API, whichever the provider.
    DOCUMENTATION = r"""
options:
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate. Only set to V(false) for test servers.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM bundle of CA certificates used to verify the server's certificate,
        for servers whose certificate is signed by a private CA.
    type: path
  api_timeout:
    description:
      - Seconds to wait for the server to answer one HTTP request (the connect timeout is the smaller of this and 30).
      - More than 0.
    type: float
    default: 60.0
  api_retries:
    description:
      - How many times a request is retried when the server is busy (429), temporarily unavailable
        (502, 503, 504) or unreachable. Waits grow exponentially with jitter and honour C(Retry-After), and never
        go beyond the task's C(wait_timeout) where the module has one.
      - Reads and writes of absolute values (PUT, PATCH, DELETE) are sent again. An action or a create is sent again
        at once only when the server provably did not act on it; after any other fault the object is read back, and
        the request is sent again only when its effect is neither there nor under way (for a create, when nothing was made).
    type: int
    default: 4
requirements:
  - requests
"""
