# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Options every inventory plugin of the collection has, with the same meaning.
    DOCUMENTATION = r"""
options:
  concurrency:
    description:
      - How many pages of instance lists are read at the same time once the first pages have told the totals.
      - V(1) reads them one after another.
    type: int
    default: 4
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
