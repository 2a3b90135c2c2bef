# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Options every inventory plugin of the collection has, with the same meaning.
    DOCUMENTATION = r"""
options:
  max_concurrency:
    description:
      - How many requests are in flight at most. The first page of every list is read at the same time, then, once
        they have told the totals, every other page. The order of the hosts does not depend on it.
      - A server that throttles (an answer 429) gets fewer requests. Each 429 halves the number, and answers that
        succeed raise it again one by one, up to O(max_concurrency). The throttled request itself is retried after
        the server's C(Retry-After), within O(api_retries).
      - V(1) reads the pages one after another.
      - With C(-v), the plugin prints for each list how many pages and instances it read and how long it took.
      - The default, V(8), was the fastest against a model of a slow server (300 ms per request and 10 ms per
        object); see the collection's docs/large-inventories.md.
    type: int
    default: 8
    aliases: [concurrency]
  include_filters:
    description:
      - Jinja conditionals over an instance's host variables (named with O(hostvars_prefix)), evaluated before
        O(compose). When the list is not empty, an instance becomes a host only if at least one of them is true.
      - They run on the controller after the API's own filters; prefer the API filters where they suffice.
      - A condition that fails (an undefined variable, a syntax error) counts as false, with one warning naming it;
        with O(strict=true) it is an error.
    type: list
    elements: str
    default: []
  exclude_filters:
    description:
      - Jinja conditionals like O(include_filters); an instance for which any of them is true is left out.
    type: list
    elements: str
    default: []
"""
