# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One page of a list answer, as each provider's client reads it (by number), for whoever reads many at once."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class Page:
    """One page of a list answer: its items, the total the API reported (or None) and whether more follow."""

    def __init__(self, items, total=None, has_next=False):
        self.items = items
        self.total = total
        self.has_next = has_next
