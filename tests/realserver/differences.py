"""Every known difference between the simulator and the real Waldur server (7.0.7-era), with its reason.

The suite fails on a difference that is not listed here, and on an entry here that no longer occurs, so this list
stays exactly what the two servers disagree on. Status keys are request kinds ("METHOD /api/path/{uuid}/"); shape
entries are grouped by the collection the answered object belongs to (from its ``url``), one entry per field.
"""

# request kind -> (simulator status, real status, reason)
STATUS = {
}

# collection -> {"<field>: <difference>": reason}
SHAPE = {
}
